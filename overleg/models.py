"""Meetings: IZ/ZAT agendas, plans, evaluations (a later issue)."""
