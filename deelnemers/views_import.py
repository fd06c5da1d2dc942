from django.shortcuts import render

from privacy.toegang import vereist


@vereist("importeren")
def importeren(request):
    return render(request, "deelnemers/importeren.html", {})
