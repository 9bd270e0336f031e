"""HTML from feeds and pages: safe for display, or plain text for analysis."""

from newsfeed.sanitize import clean_html, html_to_text


def test_scripts_styles_iframes_and_their_content_are_removed():
    html = "<p>ok</p><script>steal()</script><style>p{}</style><iframe src='https://x'>f</iframe>"

    assert clean_html(html) == "<p>ok</p>"


def test_event_handlers_and_style_attributes_are_removed():
    cleaned = clean_html('<p onclick="x()" style="position:fixed" class="c">t</p>')

    assert cleaned == "<p>t</p>"


def test_only_http_and_mailto_links_survive_with_a_safe_rel():
    cleaned = clean_html(
        '<a href="javascript:alert(1)">j</a><a href="data:text/html,x">d</a>'
        '<a href="https://ex.com/">h</a><a href="mailto:a@ex.com">m</a>'
    )

    assert "javascript" not in cleaned
    assert "data:" not in cleaned
    assert '<a href="https://ex.com/" rel="noopener noreferrer nofollow">h</a>' in cleaned
    assert 'href="mailto:a@ex.com"' in cleaned


def test_relative_links_are_resolved_against_the_base_url():
    cleaned = clean_html('<a href="/chips/h100">H100</a>', "https://news.example/2026/a")

    assert 'href="https://news.example/chips/h100"' in cleaned


def test_relative_links_without_a_base_are_dropped():
    assert "href" not in clean_html('<a href="/chips/h100">H100</a>')


def test_images_and_forms_are_not_kept():
    cleaned = clean_html('<p>a<img src="https://t.example/pixel.gif"></p><form><input></form>')

    assert cleaned == "<p>a</p>"


def test_article_structure_is_kept():
    html = (
        "<h2>T</h2><p><strong>b</strong> <em>i</em></p><ul><li>x</li></ul>"
        "<blockquote>q</blockquote>"
    )

    assert clean_html(html) == html


def test_html_to_text_strips_tags_and_decodes_entities():
    assert html_to_text("<p>Nvidia&#39;s <b>H200</b> &amp; AMD&nbsp;MI300</p>") == (
        "Nvidia's H200 & AMD MI300"
    )


def test_html_to_text_keeps_paragraph_breaks_and_collapses_layout_whitespace():
    html = "<p>First\n   paragraph</p>\n\n\n<p>Second<br>line two</p><div>Third</div>"

    assert html_to_text(html) == "First paragraph\n\nSecond\nline two\n\nThird"


def test_html_to_text_drops_script_content():
    assert html_to_text("<p>a</p><script>var x = 1;</script>") == "a"


def test_html_to_text_of_plain_text_is_the_text():
    assert html_to_text("Just  text &lt;b&gt; here") == "Just text <b> here"
    assert html_to_text("") == ""
