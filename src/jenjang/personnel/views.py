from django.http import HttpResponse


def employee_list(request):  # replaced by the personnel pages
    return HttpResponse("")


employee_detail = import_view = correction_list = employee_list
