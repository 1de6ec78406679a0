"""Learning pages; each part keeps its own routes."""

from nabij.learning import urls_rules

app_name = "learning"
urlpatterns = [
    *urls_rules.urlpatterns,
]
