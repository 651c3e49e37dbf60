"""Words that introduce speech and that refer back to people, in English and Spanish."""

from __future__ import annotations

import re

SPEECH_VERBS_EN = (
    "said", "says", "say", "told", "tells", "added", "adds", "explained", "explains",
    "recalled", "recalls", "noted", "notes", "stated", "states", "stating", "saying", "asked",
    "asks", "wrote", "writes", "shouted", "chanted", "remarked", "continued", "insisted",
    "argued", "argues", "claimed", "admitted", "acknowledged", "declared", "replied",
    "answered", "emphasized", "stressed", "warned", "agreed", "joked", "laughed", "posted",
    "urged", "described", "recounted", "reflected", "announced", "pointed out", "maintains",
    "maintained", "contends", "contended", "insists", "observed", "predicted", "promised",
)
SPEECH_VERBS_ES = (
    "dijo", "dice", "decía", "afirmó", "afirma", "señaló", "señala", "explicó", "explica",
    "agregó", "agrega", "añadió", "añade", "aseguró", "asegura", "comentó", "comenta",
    "expresó", "expresa", "contó", "cuenta", "relató", "relata", "indicó", "indica",
    "declaró", "sostuvo", "manifestó", "destacó", "recordó", "recuerda", "subrayó",
    "advirtió", "preguntó", "gritó", "exclamó", "insistió", "respondió", "opinó", "apuntó",
    "reconoció", "admitió", "precisó", "detalló", "narró", "confesó", "concluyó", "escribió",
    "publicó", "resumió", "lamentó", "celebró", "reiteró", "aclaró", "sentenció", "sostiene",
    "mantiene", "asegura", "agradeció", "pidió", "denunció",
)
ACCORDING_TO = ("according to", "según", "de acuerdo con")
PRONOUNS = {"he", "she", "they", "him", "her", "them", "él", "ella", "ellos", "ellas"}
GROUP_NOUNS = {
    "group", "organization", "organisation", "coalition", "department", "agency", "club",
    "campaign", "office", "committee", "statement", "spokesperson", "spokesman",
    "spokeswoman", "grupo", "organización", "coalición", "departamento", "agencia",
    "comunicado", "oficina", "campaña", "colectivo",
}
ANONYMOUS_STARTS = {"one", "a", "an", "another", "some", "several", "un", "una", "otro",
                    "otra", "algunos", "algunas", "varios", "varias", "uno"}
ORG_WORDS = {
    "coalition", "department", "club", "association", "council", "committee", "agency",
    "office", "union", "center", "centre", "alliance", "network", "project", "foundation",
    "police", "patrol", "security", "enforcement", "coalición", "departamento", "asociación",
    "comité", "agencia", "oficina", "unión", "centro", "alianza", "red", "proyecto",
    "fundación", "policía", "girls", "runners", "collective", "colectivo",
}


def _alternation(words: tuple[str, ...]) -> str:
    """Return a regex alternation of words, longest first so phrases win."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


VERB_PATTERN = _alternation(SPEECH_VERBS_EN + SPEECH_VERBS_ES)
ACCORDING_PATTERN = _alternation(ACCORDING_TO)
