"""The 22 principal areas of Wales, and Wales as a whole.

These rows are seeded by a migration; the demo data adds the fictional
Glanmôr beside them.
"""

WALES = "wales"

PRINCIPAL_AREAS: list[tuple[str, str, str]] = [
    # (code, English name, Welsh name)
    ("blaenau-gwent", "Blaenau Gwent", "Blaenau Gwent"),
    ("bridgend", "Bridgend", "Pen-y-bont ar Ogwr"),
    ("caerphilly", "Caerphilly", "Caerffili"),
    ("cardiff", "Cardiff", "Caerdydd"),
    ("carmarthenshire", "Carmarthenshire", "Sir Gaerfyrddin"),
    ("ceredigion", "Ceredigion", "Ceredigion"),
    ("conwy", "Conwy", "Conwy"),
    ("denbighshire", "Denbighshire", "Sir Ddinbych"),
    ("flintshire", "Flintshire", "Sir y Fflint"),
    ("gwynedd", "Gwynedd", "Gwynedd"),
    ("isle-of-anglesey", "Isle of Anglesey", "Ynys Môn"),
    ("merthyr-tydfil", "Merthyr Tydfil", "Merthyr Tudful"),
    ("monmouthshire", "Monmouthshire", "Sir Fynwy"),
    ("neath-port-talbot", "Neath Port Talbot", "Castell-nedd Port Talbot"),
    ("newport", "Newport", "Casnewydd"),
    ("pembrokeshire", "Pembrokeshire", "Sir Benfro"),
    ("powys", "Powys", "Powys"),
    ("rhondda-cynon-taf", "Rhondda Cynon Taf", "Rhondda Cynon Taf"),
    ("swansea", "Swansea", "Abertawe"),
    ("torfaen", "Torfaen", "Tor-faen"),
    ("vale-of-glamorgan", "Vale of Glamorgan", "Bro Morgannwg"),
    ("wrexham", "Wrexham", "Wrecsam"),
]
