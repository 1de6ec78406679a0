from django.urls import URLPattern, path

from nabij.costs import views_prices

urlpatterns: list[URLPattern] = [
    path("kengetallen/", views_prices.prices, name="prices"),
    path("kengetallen/<id:price_id>/", views_prices.price_edit, name="price_edit"),
    path("kengetallen/prijsindex/", views_prices.price_index_add, name="price_index_add"),
]
