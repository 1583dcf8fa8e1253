#!/usr/bin/env python3
"""Writes a synthetic plan CSV (docs/plan-csv.md) far larger than any real action plan, for the
commitment tracker's benchmarks (bench/plan_bench.sh).

The plan BENCH has N commitments of M results each (10,000 x 10 by default), spread over 5 areas
and 50 lead institutions, with Spanish-like titles of realistic length, weights of 1 to 5 and
dates in 2014-2016. About one result in ten is not reported (empty progress) and one in thirty
is not applicable (n/a). In one commitment in ten, some results are nested: under the
commitment's first result (which then has its own row and no progress of its own) or under a
grouping code that has no row ("grupo-a"), about 10 % of all results in all.

The output depends only on the arguments: the structure comes from a fixed seed, and the
progress of each result grows month by month after 2015-06-30, so the file for --as-of
2015-07-31 is the same plan with the next month's figures (what an officer imports each month).

    bench/generate_plan_csv.py --out plan.csv
    bench/generate_plan_csv.py --commitments 100 --results 5 --as-of 2015-07-31 --out july.csv
"""

import argparse
import csv
import datetime
import random
import sys

SEED = 20150630
BASE_AS_OF = datetime.date(2015, 6, 30)

COLUMNS = [
    "plan", "plan_title", "area", "commitment", "commitment_title", "lead_institution",
    "result", "result_title", "weight", "progress", "start_date", "due_date", "as_of", "parent",
    "commitment_weight", "evidence_url", "note",
]

AREAS = [
    "Transparencia y acceso a la información",
    "Participación ciudadana",
    "Rendición de cuentas",
    "Integridad pública y lucha contra la corrupción",
    "Innovación y tecnología para la apertura",
]

INSTITUTION_KINDS = ["Ministerio de", "Secretaría Nacional de", "Dirección General de",
                     "Instituto Nacional de", "Consejo Nacional de"]
INSTITUTION_SUBJECTS = ["Justicia", "Hacienda", "Salud Pública y Bienestar Social",
                        "Educación y Ciencias", "Obras Públicas y Comunicaciones",
                        "la Función Pública", "Cultura", "Vivienda y Hábitat",
                        "Tecnologías de la Información y Comunicación", "Contrataciones Públicas"]

VERBS = ["Implementar", "Diseñar", "Fortalecer", "Publicar", "Crear", "Promover", "Desarrollar",
         "Establecer", "Ampliar", "Capacitar", "Difundir", "Evaluar", "Consolidar", "Mejorar"]
NOUNS = ["portal", "sistema", "mecanismo", "programa", "plan", "registro", "catálogo", "mesa",
         "observatorio", "protocolo", "informe", "índice", "reglamento", "servicio", "proceso",
         "espacio", "módulo", "canal", "tablero", "inventario"]
WORDS = ["de", "datos", "abiertos", "gobierno", "ciudadanía", "información", "pública", "acceso",
         "presupuesto", "contrataciones", "municipios", "sociedad", "civil", "seguimiento",
         "control", "transparencia", "participación", "en", "línea", "para", "la", "el", "los",
         "las", "nacional", "departamental", "instituciones", "funcionarios", "denuncias",
         "indicadores", "resultados", "gestión", "recursos", "inversión", "social", "con",
         "organizaciones", "formatos", "reutilizables", "y", "del", "estado", "rendición",
         "cuentas", "consulta", "normativa", "trámites", "salud", "educación", "agua"]


def sentence(rng, low, high):
    """A title-like phrase of low..high words, starting with a verb or a noun."""
    first = rng.choice(VERBS) if rng.random() < 0.6 else rng.choice(NOUNS).capitalize()
    words = [first, rng.choice(["el", "un", "la", "los"]), rng.choice(NOUNS)]
    words += [rng.choice(WORDS) for _ in range(rng.randint(low, high) - len(words))]
    return " ".join(words)


def months_after(base, later):
    return (later.year - base.year) * 12 + later.month - base.month


def parse_date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD")


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def percent(value):
    """Progress as an officer would type it: whole numbers mostly, two decimals sometimes."""
    return f"{value:.0f}" if value == int(value) else f"{value:.2f}"


def rows(commitments, results, as_of):
    rng = random.Random(SEED)
    institutions = [f"{kind} {subject}" for kind in INSTITUTION_KINDS
                    for subject in INSTITUTION_SUBJECTS]
    months = max(0, months_after(BASE_AS_OF, as_of))
    plan_title = "Plan de Acción de Gobierno Abierto 2014-2016 (prueba de carga)"
    for c in range(1, commitments + 1):
        area = rng.choice(AREAS)
        title = sentence(rng, 6, 14)
        institution = rng.choice(institutions)
        commitment_weight = str(rng.randint(1, 5)) if rng.random() < 0.2 else ""
        start = datetime.date(2014, rng.randint(7, 12), 1)
        # One commitment in ten nests some of its results; the first result is then a parent.
        nesting = results >= 3 and rng.random() < 0.1
        parents = [""] * results
        if nesting:
            for r in range(1, results):
                if rng.random() < 0.9:
                    parents[r] = "1" if rng.random() < 0.5 else "grupo-a"
        has_children = "1" in parents
        for r in range(results):
            code = str(r + 1)
            weight = str(rng.randint(1, 5))
            due = start + datetime.timedelta(days=rng.randint(180, 700))
            kind = rng.random()
            base = rng.choice([0, 0, 10, 25, 33.33, 50, 50, 66.67, 75, 100, rng.randint(0, 100)])
            monthly = rng.choice([0, 0, 2.5, 5, 10])
            evidence = f"https://datos.example.gov/evidencia/{c}/{code}" \
                if rng.random() < 0.3 else ""
            note = sentence(rng, 5, 12) if rng.random() < 0.2 else ""
            if code == "1" and has_children:
                progress = ""
            elif kind < 0.10:
                progress = ""
            elif kind < 0.133:
                progress = "n/a"
            else:
                progress = percent(min(100.0, base + months * monthly))
            yield [
                "BENCH", plan_title, area, f"C{c}", title, institution, code,
                sentence(rng, 5, 20), weight, progress, start.isoformat(), due.isoformat(),
                as_of.isoformat(), parents[r], commitment_weight,
                evidence if progress else "", note if progress else "",
            ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commitments", type=positive, default=10_000)
    parser.add_argument("--results", type=positive, default=10, help="results per commitment")
    parser.add_argument("--as-of", type=parse_date, default=BASE_AS_OF,
                        help="the date of the progress figures (default 2015-06-30)")
    parser.add_argument("--out", help="the file to write (default: stdout)")
    args = parser.parse_args()

    output = open(args.out, "w", newline="", encoding="utf-8") if args.out else sys.stdout
    with output:
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows(args.commitments, args.results, args.as_of))


if __name__ == "__main__":
    main()
