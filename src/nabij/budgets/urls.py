"""The neighbourhood budget's pages: the public round and its management (``urls_rounds``), and
what residents do: propose, support, vote, and the result (``urls_voting``)."""

from nabij.budgets import urls_rounds, urls_voting

app_name = "budgets"
urlpatterns = [*urls_rounds.urlpatterns, *urls_voting.urlpatterns]
