"""Word lists for synthetic residents: Dutch, Frisian and the backgrounds Leeuwarden has.

Invented people only. The lists are long enough that a 50,000-household city does not look
like a handful of families, and short enough to read. Order matters: the generator draws by
index, so changing a list changes every synthetic city (the seed stays the same).
"""

from __future__ import annotations

FIRST_NAMES_FEMALE: tuple[str, ...] = (
    "Anna", "Emma", "Sophie", "Julia", "Lotte", "Sanne", "Fenna", "Tess", "Lieke", "Noa",
    "Eva", "Femke", "Marieke", "Anouk", "Ilse", "Janneke", "Froukje", "Sytske", "Baukje",
    "Tjitske", "Hiske", "Geertje", "Aaltje", "Trijntje", "Wietske", "Marrit", "Jildou", "Anke",
    "Ingrid", "Marja", "Petra", "Monique", "Sandra", "Linda", "Wilma", "Gerda", "Hennie",
    "Annemiek", "Esther", "Karin", "Yvonne", "Ria", "Joke", "Dineke", "Fatima", "Samira",
    "Yasmina", "Naima", "Aisha", "Elif", "Zeynep", "Ayşe", "Merve", "Sharon", "Jolanda",
    "Priscilla", "Shanice", "Desiree", "Roxanne", "Agnieszka", "Katarzyna", "Huda", "Rahwa",
    "Selam", "Nour", "Rania", "Mila", "Saar", "Yara", "Roos", "Isa", "Liv",
)

FIRST_NAMES_MALE: tuple[str, ...] = (
    "Jan", "Pieter", "Klaas", "Sjoerd", "Jelle", "Hylke", "Douwe", "Wytse", "Sybren", "Tjeerd",
    "Gerrit", "Harm", "Hendrik", "Johannes", "Willem", "Bert", "Henk", "Kees", "Marco", "Erik",
    "Rob", "Frank", "Dennis", "Jeroen", "Martijn", "Bas", "Niels", "Thijs", "Ruben", "Sem",
    "Daan", "Lucas", "Finn", "Jesse", "Luuk", "Milan", "Thomas", "Jorrit", "Auke", "Rinse",
    "Sietse", "Wiebe", "Mohamed", "Youssef", "Ahmed", "Said", "Omar", "Bilal", "Hakan",
    "Mehmet", "Emre", "Murat", "Kevin", "Rodney", "Glenn", "Dwayne", "Tomasz", "Piotr",
    "Tesfay", "Yonas", "Ali", "Mahmoud", "Noah", "Levi", "Mees", "Bram", "Stijn", "Jurre",
)

# Without the scenario households' surnames, so that searching "El Amrani" finds Karima.
LAST_NAMES: tuple[str, ...] = (
    "de Vries", "de Jong", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Dekker", "Brouwer",
    "de Wit", "Dijkstra", "Kramer", "van der Meer", "Hoekstra", "Bosma", "Wijnstra",
    "Zijlstra", "Terpstra", "Sikkema", "Kooistra", "Veenstra", "Hofstra", "Jongsma", "Reitsma",
    "Wiersma", "Tjeerdsma", "Holwerda", "Sijtsma", "Algra", "Boersma", "Haaksma",
    "Kuipers", "Huisman", "Faber", "Koster", "van der Wal", "Westra", "Bouma", "Feenstra",
    "Nauta", "Rienstra", "Yntema", "Zandstra", "Miedema", "Osinga", "Anema", "Hettinga",
    "Wouda", "Tolsma", "de Haan", "van der Veen", "Schaap", "Prins", "Kok", "Vermeulen",
    "Benali", "El Idrissi", "Bouzid", "Ouali", "Kaya", "Demir",
    "Şahin", "Çelik", "Mahabier", "Ramdin", "Pinas", "Kowalski", "Nowak",
    "Wiśniewski", "Tesfamariam", "Haile", "Alhassan", "Al-Khatib", "Haddad", "Rashidi",
)

STREETS: tuple[str, ...] = (
    "Lijsterstraat", "Merelstraat", "Kievitstraat", "Reigerstraat", "Meeuwenstraat",
    "Zwanestraat", "Valkstraat", "Spreeuwenstraat", "Lindelaan", "Kastanjelaan", "Eikenlaan",
    "Berkenlaan", "Populierenstraat", "Wilgenstraat", "Esdoornstraat", "Dahliastraat",
    "Tulpstraat", "Rozenstraat", "Lelystraat", "Seringenstraat", "Irisstraat",
    "Boterdiep", "Trekweg", "Molenweg", "Schoolstraat", "Kerkstraat", "Dorpsstraat",
    "Brugstraat", "Kanaalweg", "Vaartweg", "Slotplein", "Terpweg", "Mienskipsstrjitte",
    "Greidhoeke", "Fjildwei", "Wâldwei", "Marswei", "Skilwei", "Stinswei", "Pôlleweg",
    "Sterrenlaan", "Zonnedauw", "Heidebloem", "Klaverweide", "Boerenwei", "Harddraverslaan",
)

# Goals in the household's own words; the first ones are the "first things first" ones.
GOALS: tuple[str, ...] = (
    "Mijn schulden op een rij en geen post meer die ik niet durf open te maken",
    "Weer werk, ook al is het eerst een paar uur per week",
    "Dat de kinderen elke dag naar school gaan",
    "Een huis waar het niet meer schimmelt",
    "Minder alleen zijn",
    "Mijn huis en tuin bij kunnen houden",
    "Rust in huis, minder ruzie",
    "Elke maand de huur op tijd betalen",
    "Weer fietsen en boodschappen doen zonder hulp",
    "Een opleiding afmaken",
    "Mijn zoon weer thuis laten wonen",
    "Iets doen voor de buurt",
    "Van de drank af blijven",
    "Mijn moeder kunnen blijven verzorgen zonder zelf om te vallen",
    "Een vaste dagbesteding",
)

# (description, actor kind) for actions; the generator fills in who for network/volunteer.
HOUSEHOLD_ACTIONS: tuple[str, ...] = (
    "Alle brieven verzamelen in één map",
    "Elke week samen de post openmaken",
    "Zich inschrijven als woningzoekende",
    "Naar het inloopspreekuur in het buurthuis gaan",
    "Een weekplanning op de koelkast hangen",
    "Zelf de school bellen over het verzuim",
)
NETWORK_ACTIONS: tuple[str, ...] = (
    "Gaat mee naar de afspraak bij de bank",
    "Past op woensdagmiddag op de kinderen",
    "Helpt met de tuin",
    "Kookt op dinsdag en donderdag mee",
    "Belt elke avond even",
    "Rijdt naar het ziekenhuis als dat nodig is",
)
VOLUNTEER_ACTIONS: tuple[str, ...] = (
    "Thuisadministratie: maandelijks samen de rekeningen doornemen",
    "Maatje: elke week samen wandelen",
    "Taalcoach: twee keer per week oefenen",
    "Klussendienst: kleine reparaties in huis",
)
PROFESSIONAL_ACTIONS: tuple[str, ...] = (
    "Aanmelden bij schuldhulp en de beslagvrije voet laten herberekenen",
    "Afspraak met de woningcorporatie over de huurachterstand",
    "Aanvraag bijzondere bijstand indienen",
    "Overleg met school en leerplicht",
    "Wmo-melding: hulp bij het huishouden",
    "Gesprek met de huisarts over doorverwijzing",
    "Eén overleg met alle betrokken hulpverleners plannen",
)
VOLUNTEER_NAMES: tuple[str, ...] = (
    "Humanitas Thuisadministratie", "Buurtmaatje Gerrit", "Taalcoach Ineke",
    "Klussendienst Buurtkracht", "Vrijwilliger Maaike",
)
PRIORITIES: tuple[str, ...] = (
    "Dat de deurwaarder niet meer komt",
    "Werk, dan komt de rest vanzelf",
    "Dat mijn kinderen gelukkig zijn",
    "Een huis waar we kunnen blijven",
    "Niet meer zo alleen",
    "Weer gezond worden",
    "Rust in mijn hoofd",
)
NETWORK_RELATIONS: tuple[tuple[str, str], ...] = (
    ("family", "moeder"), ("family", "vader"), ("family", "zus"), ("family", "broer"),
    ("family", "tante"), ("family", "oom"), ("family", "oma"), ("friend", "vriendin"),
    ("friend", "vriend"), ("neighbour", "buurvrouw"), ("neighbour", "buurman"),
    ("volunteer", "maatje van Humanitas"), ("other", "trainer van de voetbalclub"),
)
NETWORK_CAN_DO: tuple[str, ...] = (
    "oppassen", "meegaan naar afspraken", "klussen in huis", "boodschappen doen",
    "luisteren", "administratie", "autorijden", "koken",
)
