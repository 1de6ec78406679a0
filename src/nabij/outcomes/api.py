"""Area outcomes in the REST API: indicators, profiles, area plans."""
