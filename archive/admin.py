from django.contrib import admin

from archive.models import Measure, Metric, Reply

admin.site.register(Reply)
admin.site.register(Measure)
admin.site.register(Metric)
