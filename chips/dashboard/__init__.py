"""The dashboard's pages, one module per page family: each holds the queries that page
needs (plain functions over querysets, a fixed number of queries whatever the data), the
forms that parse its query string or posts, and its views.

Every list is sliced and walks an index; related rows come with select_related or
subqueries.
"""
