"""A paginator that stops counting: counting all 40,000 students a zorgcoördinator sees took much of the
list's time, and nobody pages through more than a thousand; a search or a filter narrows the list."""

from django.core.paginator import Paginator
from django.utils.formats import number_format
from django.utils.functional import cached_property

GRENS = 1000


class BegrensdePaginator(Paginator):
    """Counts up to `grens`; above it `begrensd` is true and the pages cover the first `grens` rows."""

    def __init__(self, object_list, per_page, grens=GRENS, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.grens = grens

    @cached_property
    def count(self):
        # The first grens + 1 matching rows, in any order (no sort) and without the list's annotations.
        return min(self.object_list.order_by().values("pk")[: self.grens + 1].count(), self.grens + 1)

    @property
    def grens_tekst(self) -> str:
        return number_format(self.grens, force_grouping=True)  # "1.000"

    @property
    def begrensd(self) -> bool:
        return self.count > self.grens

    @cached_property
    def num_pages(self):
        return super().num_pages if not self.begrensd else -(-self.grens // self.per_page)


def pagina(object_list, per_page, nummer, **kwargs):
    """Page `nummer` (as the query string gives it) of a BegrensdePaginator that counts only when it must: the
    first page is read with one row more, and when that row is not there the page is the whole list, with
    no COUNT (most dossiers, access logs and intake lists fit on their first page)."""
    paginator = BegrensdePaginator(object_list, per_page, **kwargs)
    if nummer not in (None, "", "1"):
        return paginator.get_page(nummer)
    rijen = list(object_list[: per_page + 1])
    if len(rijen) <= per_page:
        paginator.count = len(rijen)
    return paginator._get_page(rijen[:per_page], 1, paginator)
