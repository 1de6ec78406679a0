"""Cost pages; each part of the costs module keeps its own routes."""

from nabij.costs import urls_area, urls_household, urls_imports, urls_prices

app_name = "costs"
urlpatterns = [
    *urls_imports.urlpatterns,
    *urls_area.urlpatterns,
    *urls_household.urlpatterns,
    *urls_prices.urlpatterns,
]
