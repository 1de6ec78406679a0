"""Citizen initiatives: the register and its funding (``urls_register``), applications and the
right to challenge (``urls_applications``)."""

from nabij.initiatives import urls_applications, urls_register

app_name = "initiatives"
urlpatterns = [*urls_register.urlpatterns, *urls_applications.urlpatterns]
