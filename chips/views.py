from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from chips.dashboard import home_summary


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "chips/home.html", {"summary": home_summary()})
