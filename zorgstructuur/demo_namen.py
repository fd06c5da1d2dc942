"""Fictional but realistic Dutch names for the demo school."""

VOORNAMEN_V = [
    "Emma", "Julia", "Sophie", "Lotte", "Sanne", "Fleur", "Eva", "Lisa", "Noa", "Anouk", "Iris", "Fenna",
    "Demi", "Esmee", "Romy", "Maud", "Naomi", "Yasmina", "Aylin", "Fatima", "Samira", "Chantal", "Kimberley",
    "Jasmijn", "Nina", "Zoë", "Amber", "Lieke", "Merel", "Priya", "Shanti", "Dewi", "Ilse", "Tessa",
]
VOORNAMEN_M = [
    "Daan", "Sem", "Lucas", "Milan", "Levi", "Thijs", "Jesse", "Bram", "Ruben", "Tim", "Luuk", "Stijn",
    "Mohamed", "Yusuf", "Ayoub", "Mehmet", "Emre", "Kevin", "Dylan", "Jayden", "Rayan", "Noah", "Finn",
    "Joris", "Sven", "Niels", "Damian", "Gianni", "Rohan", "Joël", "Koen", "Wessel", "Mick", "Ravi",
]
ACHTERNAMEN = [
    ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"), ("", "Bakker"), ("", "Janssen"),
    ("", "Visser"), ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"),
    ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"),
    ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"), ("van der", "Meer"),
    ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"), ("van den", "Heuvel"),
    ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"), ("", "El Amrani"), ("", "Yilmaz"),
    ("", "Bouzid"), ("", "Kaya"), ("", "Ramdin"), ("", "Martina"), ("", "Nguyen"), ("", "Öztürk"),
    ("", "Boateng"), ("van", "Wijk"), ("", "Koster"), ("", "Prins"), ("", "Huisman"), ("", "Kuipers"),
]
STRATEN = [
    "Kerkstraat", "Molenweg", "Dorpsstraat", "Schoolstraat", "Julianalaan", "Beatrixstraat", "Lindenlaan",
    "Parkweg", "Stationsstraat", "Wilhelminastraat", "Eikenlaan", "Vondelstraat", "Rembrandtplein",
    "Havenkade", "Tulpstraat", "Zuiderweg",
]
WOONPLAATSEN = [
    ("Gouda", "2801"), ("Waddinxveen", "2741"), ("Bodegraven", "2411"), ("Alphen aan den Rijn", "2401"),
    ("Zoetermeer", "2711"), ("Woerden", "3441"), ("Reeuwijk", "2811"), ("Moordrecht", "2841"),
]
VOOROPLEIDINGEN = [
    "Goudse Waarden (vmbo-bb)", "Coornhert Gymnasium", "Praktijkschool De Noordgouw", "Kalsbeek College (vmbo-kb)",
    "Driestar College (vmbo-gt)", "Het Segment (vmbo)", "Wellantcollege (vmbo)", "onbekend",
]
WOONSITUATIES = [
    "bij beide ouders", "bij beide ouders", "bij beide ouders", "bij moeder", "bij vader", "co-ouderschap",
    "zelfstandig", "pleeggezin", "begeleid wonen",
]
