"""Spanish: the words that attribute quotations and name people, as news writes them."""

from __future__ import annotations

# Regular speech verbs by their infinitive; every tense a reporter uses is built below.
_REGULAR = [
    "aclarar",
    "acusar",
    "adelantar",
    "admitir",
    "afirmar",
    "agregar",
    "alertar",
    "anunciar",
    "apuntar",
    "argumentar",
    "asegurar",
    "avisar",
    "añadir",
    "bromear",
    "calificar",
    "celebrar",
    "comentar",
    "confirmar",
    "criticar",
    "declarar",
    "denunciar",
    "destacar",
    "detallar",
    "enfatizar",
    "exclamar",
    "explicar",
    "expresar",
    "gritar",
    "indicar",
    "informar",
    "insistir",
    "ironizar",
    "lamentar",
    "matizar",
    "narrar",
    "opinar",
    "precisar",
    "preguntar",
    "proclamar",
    "prometer",
    "publicar",
    "puntualizar",
    "recalcar",
    "relatar",
    "remarcar",
    "replicar",
    "reprochar",
    "resaltar",
    "responder",
    "resumir",
    "revelar",
    "reiterar",
    "sentenciar",
    "subrayar",
    "señalar",
    "tuitear",
    "valorar",
    "considerar",
]
# Verbs whose stem changes or whose past is irregular: every form written out.
_IRREGULAR = {
    "decir": "dice dicen dijo dijeron decía decían dicho diciendo",
    "contar": "cuenta cuentan contó contaron contaba contado contando",
    "sostener": "sostiene sostienen sostuvo sostuvieron sostenía sostenido sosteniendo",
    "mantener": "mantiene mantienen mantuvo mantuvieron mantenía mantenido manteniendo",
    "manifestar": "manifiesta manifiestan manifestó manifestaron manifestado manifestando",
    "recordar": "recuerda recuerdan recordó recordaron recordaba recordado recordando",
    "advertir": "advierte advierten advirtió advirtieron advertía advertido advirtiendo",
    "reconocer": "reconoce reconocen reconoció reconocieron reconocido reconociendo",
    "confesar": "confiesa confiesan confesó confesaron confesado confesando",
    "concluir": "concluye concluyen concluyó concluyeron concluido concluyendo",
    "escribir": "escribe escriben escribió escribieron escrito escribiendo",
    "agradecer": "agradece agradecen agradeció agradecieron agradecido agradeciendo",
    "pedir": "pide piden pidió pidieron pedía pedido pidiendo",
    "defender": "defiende defienden defendió defendieron defendido defendiendo",
    "exponer": "expone exponen expuso expusieron expuesto exponiendo",
}
_AUXILIARIES = ("ha", "han", "había", "habían")


def _regular_forms(infinitive: str) -> tuple[set[str], str, str]:
    """Return the finite forms, the past participle and the gerund of a regular verb."""
    stem, ending = infinitive[:-2], infinitive[-2:]
    if ending == "ar":
        finite = {stem + "a", stem + "an", stem + "ó", stem + "aron", stem + "aba"}
        return finite, stem + "ado", stem + "ando"
    finite = {stem + "e", stem + "en", stem + "ió", stem + "ieron", stem + "ía"}
    return finite, stem + "ido", stem + "iendo"


def _verbs() -> tuple[set[str], set[str]]:
    """Return every finite speech-verb form (with "ha dicho" perfects) and every gerund."""
    verbs: set[str] = set()
    gerunds: set[str] = set()
    for infinitive in _REGULAR:
        finite, participle, gerund = _regular_forms(infinitive)
        verbs |= finite | {f"{aux} {participle}" for aux in _AUXILIARIES}
        gerunds.add(gerund)
    for forms in _IRREGULAR.values():
        words = forms.split()
        participle, gerund = words[-2], words[-1]
        verbs |= set(words[:-2]) | {f"{aux} {participle}" for aux in _AUXILIARIES}
        gerunds.add(gerund)
    return verbs, gerunds


SPEECH_VERBS, PARTICIPLES = _verbs()
ACCORDING_TO = {"según", "de acuerdo con", "de acuerdo a"}
COMPLEMENTIZERS = {"que"}
CONJUNCTIONS = {"y", "e", "pero", "luego"}
REFLEXIVES = {"sí mismo", "sí misma"}
# "lo que se llama «...»", "la denominada «...»": a term named, not words said.
NAMING_VERBS = {"llama", "llaman", "llamado", "llamada", "denominado", "denominada"}
PRONOUNS = {"él", "ella", "ellos", "ellas"}
PLURAL_PRONOUNS = {"ellos", "ellas"}  # may stand for an organization
THING_PRONOUNS: set[str] = set()  # Spanish leaves the subject out ("..., añadió")
ANONYMOUS = {"fuentes", "fuente", "testigos", "vecinos", "expertos", "analistas"}
INDEFINITES = {"un", "una", "uno", "otro", "otra", "algunos", "algunas", "varios", "varias"}
DEFINITES = {"el", "la", "los", "las"}
GROUP_NOUNS = {
    "informe",
    "agencia",
    "alianza",
    "asociación",
    "campaña",
    "centro",
    "coalición",
    "colectivo",
    "compañía",
    "comunicado",
    "departamento",
    "empresa",
    "entidad",
    "fundación",
    "grupo",
    "ministerio",
    "oficina",
    "organismo",
    "organización",
    "red",
}
ORG_WORDS = {
    "agencia",
    "alianza",
    "asociación",
    "autoridad",
    "ayuntamiento",
    "banco",
    "centro",
    "coalición",
    "colectivo",
    "colegio",
    "comisión",
    "comité",
    "congreso",
    "consejo",
    "cámara",
    "defensoría",
    "departamento",
    "ejército",
    "empresa",
    "escuela",
    "federación",
    "fiscalía",
    "fuerzas",
    "fundación",
    "gobierno",
    "hospital",
    "iglesia",
    "instituto",
    "junta",
    "ministerio",
    "oficina",
    "organización",
    "partido",
    "policía",
    "procuraduría",
    "proyecto",
    "red",
    "secretaría",
    "senado",
    "servicio",
    "sindicato",
    "tribunal",
    "universidad",
    "unión",
}
TITLES = {
    "analista",
    "candidata",
    "candidato",
    "capitán",
    "científica",
    "científico",
    "comandante",
    "coronel",
    "general",
    "ingeniero",
    "licenciado",
    "delantero",
    "doctora",
    "doctor",
    "economista",
    "escritor",
    "escritora",
    "estudiante",
    "experta",
    "experto",
    "investigador",
    "investigadora",
    "jefa",
    "jefe",
    "jugador",
    "jugadora",
    "líder",
    "manifestante",
    "médica",
    "médico",
    "periodista",
    "residente",
    "sargento",
    "teniente",
    "trabajador",
    "trabajadora",
    "vecina",
    "vecino",
    "abogada",
    "abogado",
    "activista",
    "alcalde",
    "alcaldesa",
    "comisionada",
    "comisionado",
    "concejal",
    "concejala",
    "consejera",
    "consejero",
    "corredor",
    "corredora",
    "diputada",
    "diputado",
    "directora",
    "director",
    "dr",
    "dr.",
    "dra",
    "dra.",
    "entrenador",
    "entrenadora",
    "fundador",
    "fundadora",
    "gobernador",
    "gobernadora",
    "madre",
    "maestra",
    "maestro",
    "ministra",
    "ministro",
    "organizador",
    "organizadora",
    "padre",
    "pastor",
    "pastora",
    "portavoz",
    "presidenta",
    "presidente",
    "profesor",
    "profesora",
    "secretaria",
    "secretario",
    "senador",
    "senadora",
    "sr",
    "sr.",
    "sra",
    "sra.",
    "subsecretaria",
    "subsecretario",
    "vocera",
    "vocero",
    "voluntaria",
    "voluntario",
}
# "la Dra. Ana Ruiz" is who "la doctora" means later in the article.
TITLE_ABBREVIATIONS = (
    ("dr", "doctor"),
    ("dra", "doctora"),
    ("gral", "general"),
    ("ing", "ingeniero"),
    ("lic", "licenciado"),
)
ROLE_SUFFIXES = ("ora", "ista", "ante", "ente", "ado", "ada", "ero", "era", "ivo", "iva")
NAME_PARTICLES = {"de", "del", "la", "y", "para", "por", "en", "el", "los", "las"}
POSSESSIVES: tuple[str, ...] = ()
# Not the articles: "la dijo", "lo ha dicho" are pronouns before a verb.
NOUN_DETERMINERS = {"su", "sus", "mi", "mis", "nuestro", "nuestra", "nuestros", "nuestras"}
ORG_CONNECTORS = {"de", "para", "y", "e"}
NAME_SUFFIXES: set[str] = set()
PREPOSITIONS = {"a", "al", "ante", "con", "de", "del", "desde", "en", "hacia", "para", "por"}
ADVERB_ENDINGS = ("mente",)
VERB_ENDINGS = ("ó", "aba", "ía")
AFFILIATIONS = {"de", "del"}
ALIAS_INTROS = {"conocido como", "conocida como"}
ALIAS_ALTERNATIVES = {"o"}
INITIALS_SKIP = {"de", "del", "la", "los"}
AGE_WORDS = {"años"}
RELATIVES = {"que", "quien", "quienes", "cuyo", "cuya"}
NOT_APPOSITIVE = {
    "que",
    "quien",
    "dijo",
    "dice",
    "y",
    "pero",
    "o",
    "cuando",
    "mientras",
    "luego",
    "es",
    "fue",
    "ha",
    "había",
}
PLACE_LEADS = {
    "con",
    "de",
    "en",
    "al",
    "del",
    "desde",
    "hasta",
    "por",
    "cerca",
    "el",
    "la",
    "los",
    "las",
    "un",
    "una",
    "hacia",
}
FUNCTION_WORDS = {
    "más",
    "algunas",
    "algunos",
    "allí",
    "aquí",
    "ayer",
    "como",
    "con",
    "cuando",
    "de",
    "del",
    "desde",
    "el",
    "ella",
    "ellas",
    "ellos",
    "en",
    "entre",
    "esa",
    "ese",
    "esta",
    "estas",
    "este",
    "estos",
    "hasta",
    "hoy",
    "la",
    "las",
    "lo",
    "los",
    "mientras",
    "muchas",
    "muchos",
    "no",
    "para",
    "pero",
    "por",
    "según",
    "sin",
    "sobre",
    "su",
    "sus",
    "sí",
    "tras",
    "un",
    "una",
    "unas",
    "unos",
    "varias",
    "varios",
    "y",
    "ya",
    "yo",
    "él",
}
ABBREVIATIONS = {"Sra", "Srta", "Dra", "Sr", "Lic", "Ing", "Gral"}
PLACE_WORDS = {
    "avenida",
    "calle",
    "centro",
    "estatal",
    "iglesia",
    "mercado",
    "parque",
    "plaza",
    "universidad",
}
SURNAMES: set[str] = set()
MONTHS = {
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
}
WEEKDAYS = {"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"}
DOUBLE_MARKS = (("«", "»"), ("“", "”"), ('"', '"'), ("„", "“"), ("‹", "›"))
SINGLE_MARKS = (("‘", "’"), ("'", "'"))
# A paragraph opened by a dash is a line of dialogue: —Texto —dijo Fulana—. Más texto.
DIALOGUE_DASHES = {"—", "–"}
ELISIONS: tuple[str, ...] = ()
# Names of pages that list unrelated items (agenda, resumen, breves, boletín): a run named in one
# item of such a page is mentioned, not covered. Read in titles, summaries and headings only.
LISTING_CUES = {
    "qué hacer",
    "agenda cultural",
    "agenda comunitaria",
    "agenda semanal",
    "agenda de la semana",
    "agenda del fin de semana",
    "eventos de la semana",
    "eventos del fin de semana",
    "próximos eventos",
    "cartelera",
    "breves",
    "resumen de noticias",
    "resumen semanal",
    "resumen de la semana",
    "boletín informativo",
    "lo que debes saber",
}
# Words of running: a story about a run uses them in paragraph after paragraph, even one that
# names the run late; a page naming it in passing, in a paragraph or two.
RUNNING_WORDS = {
    "correr",
    "corre",
    "corren",
    "corremos",
    "corrió",
    "corrieron",
    "corriendo",
    "carrera",
    "carreras",
    "corredor",
    "corredora",
    "corredores",
    "corredoras",
    "recorrido",
    "kilómetros",
    "millas",
    "maratón",
    "medio maratón",
    "trotar",
    "entrenamiento",
    "club de corredores",
}
