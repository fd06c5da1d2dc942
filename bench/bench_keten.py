"""How many access-log rows per second the database takes: the ceiling of logged page views for the whole
installation, however many app servers (README, Snelheid en belasting). On PostgreSQL the chain's trigger
holds an advisory lock until commit, so writers queue; one writer and four at once should come out alike.

Each row in a transaction of its own, as a page view writes it. The rows stay in the bench database's log
(object_type "meting", no student): the log is append-only, also here. Run through `make bench`.
"""

import time
from multiprocessing import Process

# Importing it points Django at the bench database and sets it up; Django's modules are imported after.
from gemeen import voorbereiden

REGELS = 400


def _schrijf(aantal: int):
    from django.db import connection

    from privacy.models import Toegangslog

    connection.close()  # a connection of its own in each process
    for n in range(aantal):
        Toegangslog.objects.create(actie=Toegangslog.Actie.INZIEN, gebruikersnaam="bench", object_type="meting",
                                   omschrijving=f"meting van de keten, regel {n}")


def main():
    voorbereiden()
    from django.db import connection

    # On SQLite the app chains the rows itself, one writer per process at a time: one process only.
    tegelijk = (1, 4) if connection.vendor == "postgresql" else (1,)
    connection.close()  # not shared with the processes below
    for schrijvers in tegelijk:
        processen = [Process(target=_schrijf, args=(REGELS // schrijvers,)) for _ in range(schrijvers)]
        begin = time.perf_counter()
        for proces in processen:
            proces.start()
        for proces in processen:
            proces.join()
        print(f"toegangslog_regels_{schrijvers}_schrijvers: {REGELS / (time.perf_counter() - begin):.0f} regels/s")


if __name__ == "__main__":
    main()
