// bench/generate: fills a migrated, empty Tablero database with a realistic installation for the
// scale benchmarks (issue 7, bench/scale_bench.sh): organisations, plans, commitments with the
// OGP template fields, results with milestones and activities, years of progress updates with
// evidence, consultations on plans with threaded comments, endorsements and votes of verified
// citizens, and a few accounts with known passwords for the write benchmarks.
//
//   generate --db DB [--seed N] [--scale F] [--quiet]
//
// At --scale 1: 50 organisations, 200 plans, 20,000 commitments, 200,000 results (nodes),
// 1,000,000 progress updates and 500,000 comments, endorsements and votes together. The output
// depends only on the seed and the scale (its own random generator, a fixed "today" of
// 2026-11-01, no clock read, ids written explicitly), so two runs give the same rows. Rows are
// written a batch at a time, one transaction per batch: COPY on PostgreSQL, a prepared INSERT
// re-executed on SQLite. It writes no audit entries: the rows stand for years of history that a
// real installation's audit log would hold, and no page needs them.
//
// It prints what it wrote ("organisations 50", ...) and the accounts it made, then the seconds it
// took. Known passwords: every account's password is `bench_password` below.
#include "domain/consultations/document.h"
#include "domain/plans/model.h"
#include "domain/plans/progress.h"
#include "storage/database.h"
#include "storage/postgres/copy_writer.h"

#include <nlohmann/json.hpp>
#include <soci/soci.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace tablero;

// Every generated account's password, printed at the end.
constexpr std::string_view bench_password = "clave-de-prueba-2026";
// The generated installation's "today": progress is reported up to this date, never after.
constexpr Date generation_day{2026, 11, 1};
constexpr int nodes_per_commitment = 10;
constexpr int leaves_per_commitment = 8;

// splitmix64 (Steele, Lea, Flood 2014): a generator whose sequence depends only on its seed, on
// every platform and standard library, unlike std::uniform_int_distribution's.
class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) { }
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // A whole number from 0 to bound - 1 (bound > 0).
    long below(long bound) { return static_cast<long>(next() % static_cast<std::uint64_t>(bound)); }
    // From low to high, both included.
    long between(long low, long high) { return low + below(high - low + 1); }
    bool chance(int percent) { return below(100) < percent; }
    template <typename T, std::size_t N> const T& pick(const std::array<T, N>& items)
    {
        return items[static_cast<std::size_t>(below(static_cast<long>(N)))];
    }

private:
    std::uint64_t m_state;
};

// ---- words ----

constexpr std::array<std::string_view, 25> institutions = {"Ministerio de Hacienda",
    "Ministerio de Educación y Ciencias", "Ministerio de Salud Pública y Bienestar Social",
    "Ministerio de Obras Públicas y Comunicaciones", "Ministerio del Interior",
    "Ministerio de Justicia", "Ministerio de Trabajo, Empleo y Seguridad Social",
    "Ministerio de Agricultura y Ganadería", "Ministerio de la Mujer",
    "Ministerio de Desarrollo Social", "Ministerio del Ambiente y Desarrollo Sostenible",
    "Ministerio de Tecnologías de la Información y Comunicación",
    "Secretaría Nacional Anticorrupción", "Contraloría General de la República",
    "Dirección Nacional de Contrataciones Públicas", "Instituto Nacional de Estadística",
    "Secretaría Técnica de Planificación", "Agencia Nacional de Tránsito y Seguridad Vial",
    "Instituto de Previsión Social", "Dirección General de Aduanas", "Poder Judicial",
    "Congreso Nacional", "Defensoría del Pueblo", "Municipalidad de Asunción",
    "Municipalidad de Encarnación"};

constexpr std::array<std::string_view, 20> actions = {"Publicar", "Implementar", "Fortalecer",
    "Crear", "Ampliar", "Desarrollar", "Mejorar", "Institucionalizar", "Digitalizar", "Establecer",
    "Promover", "Consolidar", "Garantizar", "Abrir", "Integrar", "Modernizar", "Articular",
    "Simplificar", "Monitorear", "Evaluar"};

constexpr std::array<std::string_view, 24> objects = {"el portal de datos abiertos",
    "el sistema de compras públicas", "la rendición de cuentas municipal",
    "el acceso a la información pública", "los registros de beneficiarios",
    "la participación ciudadana en el presupuesto", "la trazabilidad de las obras públicas",
    "el registro de declaraciones juradas", "los indicadores de calidad educativa",
    "la transparencia en la gestión de salud", "los canales de denuncia ciudadana",
    "el catálogo de trámites en línea", "el observatorio de empleo público",
    "la información ambiental", "los contratos de concesión",
    "el registro de beneficiarios finales", "las mesas de diálogo con la sociedad civil",
    "la publicación de licitaciones", "el seguimiento de la ejecución presupuestaria",
    "el sistema de gestión de reclamos", "los datos de seguridad vial",
    "la agenda de las autoridades", "los protocolos de atención a víctimas",
    "el mapa de inversiones"};

constexpr std::array<std::string_view, 12> purposes = {"para que la ciudadanía pueda controlarlo",
    "en formatos abiertos y reutilizables", "con participación de la sociedad civil",
    "en todos los departamentos del país", "con datos actualizados cada mes",
    "con perspectiva de género", "en lenguaje claro", "con estándares internacionales",
    "de forma accesible y gratuita", "en coordinación con los gobiernos locales",
    "con indicadores verificables", "con mecanismos de retroalimentación"};

constexpr std::array<std::string_view, 16> sentences = {
    "La información se encuentra dispersa entre varias dependencias y no se publica de manera "
    "periódica.",
    "Las organizaciones de la sociedad civil señalaron la falta de datos comparables entre años.",
    "Los ciudadanos deben acudir en persona para obtener documentos que podrían estar en línea.",
    "No existe un registro único que permita cruzar la información de las distintas fuentes.",
    "Los plazos de respuesta a las solicitudes de información superan con frecuencia el límite "
    "legal.",
    "La capacidad técnica de las unidades responsables es desigual entre regiones.",
    "Se prevé trabajar con mesas técnicas integradas por funcionarios y representantes de la "
    "sociedad civil.",
    "El compromiso busca que los datos se publiquen en formatos abiertos y con documentación "
    "suficiente.",
    "Se realizarán talleres de capacitación para funcionarios de todas las dependencias "
    "involucradas.",
    "La iniciativa se apoya en la Ley de acceso a la información pública y en la política de "
    "datos abiertos.",
    "El avance se medirá con indicadores publicados trimestralmente en el portal institucional.",
    "La falta de presupuesto asignado puede retrasar la implementación de algunas actividades.",
    "Se coordinará con los gobiernos departamentales y municipales para ampliar la cobertura.",
    "Las herramientas desarrolladas se publicarán con licencia libre para su reutilización.",
    "La experiencia de otros países de la región muestra que la apertura reduce los costos de "
    "control.",
    "Se espera que la ciudadanía utilice la información para participar en la toma de "
    "decisiones."};

constexpr std::array<std::string_view, 12> result_words = {"Diagnóstico de la situación actual",
    "Norma aprobada y publicada", "Plataforma en funcionamiento", "Funcionarios capacitados",
    "Conjuntos de datos publicados", "Mesa de trabajo conformada", "Informe de evaluación",
    "Protocolo de actuación aprobado", "Campaña de difusión realizada", "Manual de procedimientos",
    "Piloto en tres municipios", "Tablero de seguimiento publicado"};

constexpr std::array<std::string_view, 10> notes = {"Avance informado por la institución.",
    "Se completaron las actividades previstas para el período.",
    "Retraso por la demora en la contratación del servicio.",
    "Se publicó el informe correspondiente en el portal institucional.",
    "Se realizaron reuniones con las organizaciones participantes.",
    "La actividad se reprogramó por cambios de autoridades.",
    "Se recibieron los aportes de la mesa técnica.", "Validado por la unidad de gobierno abierto.",
    "Pendiente la aprobación de la resolución.", ""};

constexpr std::array<std::string_view, 12> comment_texts = {
    "Estoy de acuerdo con el objetivo, pero el plazo parece demasiado corto para lograrlo.",
    "Sería importante que los datos se publiquen también por departamento y por municipio.",
    "Propongo incluir a las organizaciones de personas con discapacidad en la mesa de trabajo.",
    "No queda claro quién será responsable de mantener la plataforma una vez terminado el plan.",
    "Los indicadores deberían medir resultados y no solamente actividades realizadas.",
    "En mi comunidad no hay acceso a internet: hace falta una alternativa presencial.",
    "Apoyo este compromiso. Ya en el plan anterior se avanzó en este sentido.",
    "¿Qué presupuesto está asignado a este compromiso? No aparece en el documento.",
    "La redacción del párrafo es confusa; sugiero separar los dos objetivos.",
    "Hay que asegurar que la información sea comprensible para cualquier persona.",
    "Pido que se publiquen los informes de avance cada tres meses y no una vez al año.",
    "Este punto repite lo que ya establece la ley vigente; no agrega ambición."};

constexpr std::array<std::string_view, 20> first_names = {"María", "José", "Ana", "Juan", "Rosa",
    "Carlos", "Lucía", "Pedro", "Carmen", "Luis", "Elena", "Miguel", "Sofía", "Jorge", "Laura",
    "Diego", "Patricia", "Andrés", "Gabriela", "Ramón"};
constexpr std::array<std::string_view, 20> last_names = {"González", "Benítez", "Martínez", "López",
    "Giménez", "Villalba", "Ramírez", "Báez", "Duarte", "Fernández", "Ortiz", "Rojas", "Acosta",
    "Cabrera", "Núñez", "Sosa", "Vera", "Cáceres", "Romero", "Espínola"};

constexpr std::array<std::string_view, 4> ogp_values = {"access_to_information",
    "civic_participation", "public_accountability", "technology_and_innovation"};
constexpr std::array<std::string_view, 5> challenges = {"improving_public_services",
    "increasing_public_integrity", "managing_public_resources", "creating_safer_communities",
    "increasing_corporate_accountability"};
constexpr std::array<std::string_view, 4> kinds = {
    "executive", "parliament", "municipality", "other"};

std::string paragraph(Random& random, int sentence_count)
{
    std::string text;
    for (int i = 0; i < sentence_count; ++i) {
        if (i > 0)
            text += ' ';
        text += random.pick(sentences);
    }
    return text;
}

std::string person_name(Random& random)
{
    return std::string(random.pick(first_names)) + " " + std::string(random.pick(last_names)) +
        " " + std::string(random.pick(last_names));
}

std::string padded(long number, int width)
{
    std::string text = std::to_string(number);
    if (static_cast<int>(text.size()) < width)
        text.insert(0, static_cast<std::size_t>(width) - text.size(), '0');
    return text;
}

Date add_days(const Date& date, long days)
{
    return date_from_days(days_since_epoch(date) + days);
}

std::string timestamp(const Date& day, long seconds_in_day)
{
    char text[32];
    std::snprintf(text, sizeof text, "%sT%02ld:%02ld:%02ldZ", to_iso(day).c_str(),
        seconds_in_day / 3600, seconds_in_day / 60 % 60, seconds_in_day % 60);
    return text;
}

// ---- writing ----

// One table's rows, written a batch at a time, each batch in its own transaction: COPY FROM
// STDIN on PostgreSQL (postgres/copy_writer.h), one prepared INSERT re-executed per row on
// SQLite. Every value travels as text; SQLite's column affinity stores numbers as numbers.
class TableWriter {
public:
    // before: the writers of the tables this one's foreign keys point to, flushed before it.
    TableWriter(storage::Database& database, std::string table, std::vector<std::string> columns,
        std::vector<TableWriter*> before = {})
        : m_database(database),
          m_table(std::move(table)),
          m_columns(std::move(columns)),
          m_before(std::move(before))
    {
        m_values.resize(m_columns.size());
        m_indicators.resize(m_columns.size());
    }
    TableWriter(const TableWriter&) = delete;
    TableWriter& operator=(const TableWriter&) = delete;

    TableWriter& text(std::string_view value)
    {
        if (postgres())
            m_copy.text(value);
        else {
            m_values[m_field].emplace_back(value);
            m_indicators[m_field].push_back(soci::i_ok);
        }
        ++m_field;
        return *this;
    }
    TableWriter& number(long long value) { return text(std::to_string(value)); }
    TableWriter& null()
    {
        if (postgres())
            m_copy.null();
        else {
            m_values[m_field].emplace_back();
            m_indicators[m_field].push_back(soci::i_null);
        }
        ++m_field;
        return *this;
    }
    TableWriter& optional_number(std::optional<long long> value)
    {
        return value ? number(*value) : null();
    }
    TableWriter& optional_text(const std::optional<std::string>& value)
    {
        return value ? text(*value) : null();
    }

    void end_row()
    {
        if (m_field != m_columns.size())
            throw std::logic_error(m_table + ": a row of " + std::to_string(m_field) +
                " fields for " + std::to_string(m_columns.size()) + " columns");
        m_field = 0;
        if (postgres())
            m_copy.end_row();
        ++m_rows;
        ++m_pending;
        if (m_pending >= batch_rows)
            flush();
    }

    // Writes what is left; returns the rows written in all.
    long long finish()
    {
        flush();
        return m_rows;
    }

private:
    static constexpr std::size_t batch_rows = 50000;

    bool postgres() const { return m_database.backend() == storage::Backend::postgres; }

    void flush()
    {
        if (m_pending == 0)
            return;
        for (TableWriter* other : m_before)
            other->flush();
        std::string list;
        std::string parameters;
        for (std::size_t i = 0; i < m_columns.size(); ++i) {
            list += (i > 0 ? ", " : "") + m_columns[i];
            parameters += (i > 0 ? ", :" : ":") + m_columns[i];
        }
        auto written = m_database.write([&](soci::session& session) -> Result<void> {
            if (postgres()) {
                storage::postgres::CopyWriter writer(session);
                writer.send(m_table + " (" + list + ")", m_copy);
                writer.wait();
                return {};
            }
            soci::statement insert(session);
            insert.alloc();
            insert.prepare(
                "INSERT INTO " + m_table + " (" + list + ") VALUES (" + parameters + ")");
            std::vector<std::string> row(m_columns.size());
            std::vector<soci::indicator> row_indicators(m_columns.size());
            for (std::size_t i = 0; i < m_columns.size(); ++i)
                insert.exchange(soci::use(row[i], row_indicators[i]));
            insert.define_and_bind();
            for (std::size_t r = 0; r < m_pending; ++r) {
                for (std::size_t i = 0; i < m_columns.size(); ++i) {
                    row[i] = std::move(m_values[i][r]);
                    row_indicators[i] = m_indicators[i][r];
                }
                insert.execute(true);
            }
            return {};
        });
        if (!written.ok())
            throw std::runtime_error(m_table + ": " + written.error().message);
        m_copy.clear();
        for (auto& column : m_values)
            column.clear();
        for (auto& column : m_indicators)
            column.clear();
        m_pending = 0;
    }

    storage::Database& m_database;
    std::string m_table;
    std::vector<std::string> m_columns;
    std::vector<TableWriter*> m_before;
    // SQLite: the batch's values, one vector per column. PostgreSQL: the COPY text.
    std::vector<std::vector<std::string>> m_values;
    std::vector<std::vector<soci::indicator>> m_indicators;
    storage::postgres::CopyRows m_copy;
    std::size_t m_field = 0;
    std::size_t m_pending = 0;
    long long m_rows = 0;
};

// An argon2id hash of bench_password in libsodium's string form, made with a salt drawn from the
// seed so that the rows are the same on every run (crypto_pwhash_str draws a random salt). The
// limits are the server's own (security/secrets.cpp: interactive), so signing in never rehashes.
std::string password_hash(Random& random)
{
    std::array<unsigned char, crypto_pwhash_SALTBYTES> salt{};
    for (auto& byte : salt)
        byte = static_cast<unsigned char>(random.below(256));
    std::array<unsigned char, 32> hash{};
    const auto ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    const auto memory = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    if (crypto_pwhash(hash.data(), hash.size(), bench_password.data(), bench_password.size(),
            salt.data(), ops, memory, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("argon2id ran out of memory");
    auto base64 = [](const unsigned char* bytes, std::size_t size) {
        std::string out(
            sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL_NO_PADDING), '\0');
        sodium_bin2base64(
            out.data(), out.size(), bytes, size, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
        out.resize(std::char_traits<char>::length(out.c_str()));
        return out;
    };
    std::string text = std::string("$argon2id$v=19") + "$m=" + std::to_string(memory / 1024) +
        ",t=" + std::to_string(ops) + ",p=1$" + base64(salt.data(), salt.size()) + "$" +
        base64(hash.data(), hash.size());
    if (crypto_pwhash_str_verify(text.c_str(), bench_password.data(), bench_password.size()) != 0 ||
        crypto_pwhash_str_needs_rehash(text.c_str(), ops, memory) != 0)
        throw std::logic_error("the password hash does not verify: " + text);
    return text;
}

struct Options {
    std::string db;
    std::uint64_t seed = 1;
    double scale = 1.0;
    bool quiet = false;
};

// How many of each, from the scale (at least one of each, so a tiny scale still renders).
struct Sizes {
    long organisations;
    long plans;
    long commitments;
    long updates;
    long consultations;
    long comments;
    long endorsements;
    long votes;
    long citizens;

    explicit Sizes(double scale)
    {
        auto scaled = [scale](double count, long least) {
            return std::max(least, std::lround(count * scale));
        };
        organisations = scaled(50, 1);
        plans = scaled(200, 1);
        commitments = scaled(20000, plans);
        updates = scaled(1000000, commitments);
        consultations = std::min(plans, scaled(40, 1));
        // 500,000 participations: a fifth comments, two fifths endorsements, two fifths votes.
        comments = scaled(100000, consultations);
        endorsements = scaled(200000, 0);
        votes = scaled(200000, 0);
        citizens = scaled(10000, 20);
    }
};

class Generator {
public:
    Generator(storage::Database& database, const Options& options)
        : m_database(database),
          m_random(options.seed),
          m_sizes(options.scale),
          m_quiet(options.quiet)
    {
    }

    void run()
    {
        accounts();
        organisations_and_plans();
        commitments();
        consultations();
        if (m_database.backend() == storage::Backend::postgres)
            advance_sequences();
    }

private:
    void report(std::string_view what, long long rows)
    {
        if (!m_quiet)
            std::cout << what << ' ' << rows << std::endl;
    }

    // Administrator 1, one officer per organisation (2..), then the verified citizens.
    void accounts()
    {
        const std::string hash = password_hash(m_random);
        TableWriter accounts(m_database, "accounts",
            {"id", "email", "display_name", "role", "password_hash", "organisation", "disabled",
                "created_at", "password_changed_at", "email_verified_at"});
        TableWriter institutions_of(
            m_database, "account_institutions", {"account_id", "institution"}, {&accounts});
        auto add = [&](long long id, const std::string& email, const std::string& name,
                       std::string_view role, const std::string& created) {
            accounts.number(id).text(email).text(name).text(role).text(hash).text("").number(0);
            accounts.text(created).text(created).text(created).end_row();
        };
        add(1, "admin@bench.example", "Unidad de Gobierno Abierto", "administrator",
            "2012-01-15T12:00:00Z");
        for (long o = 0; o < m_sizes.organisations; ++o) {
            const long long id = 2 + o;
            add(id, "officer-" + padded(o + 1, 3) + "@bench.example", person_name(m_random),
                "officer", "2012-02-01T12:00:00Z");
            institutions_of.number(id).text(institution_name(o)).end_row();
        }
        m_first_citizen = 2 + m_sizes.organisations;
        for (long c = 0; c < m_sizes.citizens; ++c) {
            const Date day = add_days(Date{2020, 1, 1}, m_random.below(2400));
            add(m_first_citizen + c, "citizen-" + padded(c + 1, 5) + "@bench.example",
                person_name(m_random), "citizen", timestamp(day, m_random.below(86400)));
        }
        report("accounts", accounts.finish());
        report("account_institutions", institutions_of.finish());
    }

    // Organisation o's name as commitments name their lead institution: the list, numbered
    // once it runs out.
    std::string institution_name(long o) const
    {
        std::string name(institutions[static_cast<std::size_t>(o) % institutions.size()]);
        if (o >= static_cast<long>(institutions.size()))
            name += " " + std::to_string(o / static_cast<long>(institutions.size()) + 1);
        return name;
    }

    std::string organisation_code(long o) const { return "ORG-" + padded(o + 1, 3); }
    std::string plan_code(long p) const { return "PLAN-" + padded(p + 1, 3); }

    struct PlanShape {
        Date start;
        Date end;
        long organisation;
    };

    void organisations_and_plans()
    {
        TableWriter organisations(m_database, "organisations", {"id", "code", "name", "kind"});
        for (long o = 0; o < m_sizes.organisations; ++o)
            organisations.number(o + 1)
                .text(organisation_code(o))
                .text(institution_name(o))
                .text(kinds[o % 7 == 6 ? 2 : (o % 11 == 10 ? 1 : 0)])
                .end_row();
        report("organisations", organisations.finish());

        TableWriter plans(m_database, "plans",
            {"id", "code", "title", "organisation_code", "period_start", "period_end", "lifecycle",
                "updates_need_validation"});
        TableWriter areas(
            m_database, "areas", {"id", "plan_id", "code", "title", "position"}, {&plans});
        long long area_id = 0;
        for (long p = 0; p < m_sizes.plans; ++p) {
            // Two-year plans starting every other year from 2012 to 2024.
            const int year = 2012 + 2 * static_cast<int>(p % 7);
            PlanShape shape{Date{year, 7, 1}, Date{year + 2, 6, 30}, p % m_sizes.organisations};
            m_plans.push_back(shape);
            // Plans still running are in implementation; the others are closed.
            const std::string lifecycle = shape.end < generation_day ? "closed" : "implementation";
            plans.number(p + 1)
                .text(plan_code(p))
                .text(std::to_string(p / 7 + 1) + "º Plan de Acción de Gobierno Abierto " +
                    std::to_string(year) + "-" + std::to_string(year + 2) + " — " +
                    institution_name(shape.organisation))
                .text(organisation_code(shape.organisation))
                .text(to_iso(shape.start))
                .text(to_iso(shape.end))
                .text(lifecycle)
                .number(0)
                .end_row();
            for (int a = 0; a < 4; ++a) {
                static constexpr std::array<std::string_view, 4> area_titles = {
                    "Transparencia y acceso a la información", "Participación ciudadana",
                    "Rendición de cuentas", "Innovación y tecnología"};
                areas.number(++area_id)
                    .number(p + 1)
                    .text("area-" + std::to_string(a + 1))
                    .text(area_titles[static_cast<std::size_t>(a)])
                    .number(a)
                    .end_row();
            }
        }
        report("plans", plans.finish());
        report("areas", areas.finish());
    }

    // Commitments spread evenly over the plans, ten nodes each (results 1 and 2 with milestones
    // and activities under them, results 3 to 5 alone), and the progress updates spread evenly
    // over the eight leaves.
    void commitments()
    {
        TableWriter commitments(m_database, "commitments",
            {"id", "plan_id", "code", "title", "area_code", "weight", "lead_institution",
                "responsible_name", "responsible_position", "responsible_email",
                "responsible_phone", "main_goal", "brief_description", "public_problem", "ambition",
                "start_date", "end_date", "next_steps", "additional_information", "position"});
        TableWriter values(
            m_database, "commitment_values", {"commitment_id", "value"}, {&commitments});
        TableWriter challenge_rows(
            m_database, "commitment_challenges", {"commitment_id", "challenge"}, {&commitments});
        TableWriter actors(m_database, "commitment_actors",
            {"id", "commitment_id", "kind", "name", "position"}, {&commitments});
        TableWriter nodes(m_database, "nodes",
            {"id", "commitment_id", "parent_id", "code", "title", "kind", "weight", "start_date",
                "due_date", "position"},
            {&commitments});
        TableWriter updates(m_database, "progress_updates",
            {"id", "node_id", "as_of", "kind", "percent", "author", "recorded_at", "note"},
            {&nodes});
        TableWriter evidence(m_database, "evidence",
            {"id", "node_id", "update_id", "title", "url", "date"}, {&updates});
        TableWriter assessments(m_database, "assessments",
            {"id", "commitment_id", "assessor", "level", "date", "justification", "organisation",
                "recorded_by", "recorded_at"},
            {&commitments});

        // An officer's update is published through the workspace, which audits it; the imported
        // ones are not audited one by one.
        TableWriter audit(m_database, "audit_log",
            {"id", "at", "account_id", "actor", "role", "action", "entity", "entity_key",
                "before_json", "after_json"});
        long long audit_id = 0;
        long long actor_id = 0;
        long long update_id = 0;
        long long evidence_id = 0;
        long long assessment_id = 0;
        const long per_plan = m_sizes.commitments / m_sizes.plans;
        const long extra_plans = m_sizes.commitments % m_sizes.plans;
        long long commitment_id = 0;
        long long updates_left = m_sizes.updates;
        for (long p = 0; p < m_sizes.plans; ++p) {
            const PlanShape& plan = m_plans[static_cast<std::size_t>(p)];
            const long count = per_plan + (p < extra_plans ? 1 : 0);
            for (long k = 0; k < count; ++k) {
                const long long id = ++commitment_id;
                const long long commitments_left = m_sizes.commitments - id + 1;
                const long long update_count = updates_left / commitments_left;
                updates_left -= update_count;
                const Date start = add_days(plan.start, m_random.below(120));
                const Date end = add_days(plan.end, -m_random.below(60));
                // The lead institution is mostly the plan's organisation's, so that its officer
                // reports on most of the plan.
                const long lead =
                    m_random.chance(70) ? plan.organisation : m_random.below(m_sizes.organisations);
                const std::string title = std::string(m_random.pick(actions)) + " " +
                    std::string(m_random.pick(objects)) + " " +
                    std::string(m_random.pick(purposes));
                std::string brief = title;
                if (plans::count_code_points(brief).value_or(0) > plans::brief_description_limit)
                    brief = std::string(m_random.pick(actions)) + " " +
                        std::string(m_random.pick(objects));
                const std::string responsible = person_name(m_random);
                commitments.number(id)
                    .number(p + 1)
                    .text(std::to_string(k + 1))
                    .text(title)
                    .text("area-" + std::to_string(m_random.between(1, 4)))
                    .optional_number(m_random.chance(20)
                            ? std::optional<long long>(m_random.between(1, 3))
                            : std::nullopt)
                    .text(institution_name(lead))
                    .text(responsible)
                    .text(m_random.chance(50) ? "Director de Planificación"
                                              : "Coordinadora de Gobierno Abierto")
                    .text("c" + std::to_string(id) + "@institucion.example")
                    .text("+595 21 " + padded(m_random.below(1000000), 6))
                    .text(paragraph(m_random, 2))
                    .text(brief)
                    .text(paragraph(m_random, 3))
                    .text(paragraph(m_random, 2))
                    .text(to_iso(start))
                    .text(to_iso(end))
                    .text(paragraph(m_random, 1))
                    .text(m_random.chance(30) ? paragraph(m_random, 1) : "")
                    .number(k)
                    .end_row();
                const long first_value = m_random.below(4);
                const long value_count = 1 + m_random.below(2);
                for (long v = 0; v < value_count; ++v)
                    values.number(id)
                        .text(ogp_values[static_cast<std::size_t>((first_value + v) % 4)])
                        .end_row();
                challenge_rows.number(id).text(m_random.pick(challenges)).end_row();
                const long actor_count = 1 + m_random.below(2);
                for (long a = 0; a < actor_count; ++a)
                    actors.number(++actor_id)
                        .number(id)
                        .text(a == 0 ? "civil_society" : "government")
                        .text(a == 0 ? "Fundación " + std::string(m_random.pick(last_names))
                                     : institution_name(m_random.below(m_sizes.organisations)))
                        .number(a)
                        .end_row();

                // The nodes: {code, parent index or -1, kind}.
                struct Shape {
                    const char* code;
                    int parent;
                    const char* kind;
                };
                static constexpr std::array<Shape, nodes_per_commitment> shapes = {{
                    {"1", -1, "result"},
                    {"1.1", 0, "milestone"},
                    {"1.2", 0, "milestone"},
                    {"2", -1, "result"},
                    {"2.1", 3, "activity"},
                    {"2.2", 3, "activity"},
                    {"2.3", 3, "activity"},
                    {"3", -1, "result"},
                    {"4", -1, "milestone"},
                    {"5", -1, "result"},
                }};
                const long span = std::max(30L, days_since_epoch(end) - days_since_epoch(start));
                // How far this commitment gets: its leaves end near this figure.
                const long fate = m_random.chance(35) ? 100 : m_random.between(0, 95);
                long long leaf_index = 0;
                std::array<int, nodes_per_commitment> positions{};
                std::array<int, nodes_per_commitment> children{};
                for (int n = 0; n < nodes_per_commitment; ++n) {
                    const auto& shape = shapes[static_cast<std::size_t>(n)];
                    if (shape.parent >= 0)
                        ++children[static_cast<std::size_t>(shape.parent)];
                }
                int top_position = 0;
                for (int n = 0; n < nodes_per_commitment; ++n) {
                    const auto& shape = shapes[static_cast<std::size_t>(n)];
                    const long long node_id = (id - 1) * nodes_per_commitment + n + 1;
                    const int position = shape.parent < 0
                        ? top_position++
                        : positions[static_cast<std::size_t>(shape.parent)]++;
                    const Date node_start = add_days(start, m_random.below(span / 3 + 1));
                    const Date due = add_days(node_start,
                        std::max(1L,
                            m_random.between(span / 4, span) -
                                (days_since_epoch(node_start) - days_since_epoch(start))));
                    nodes.number(node_id)
                        .number(id)
                        .optional_number(shape.parent < 0
                                ? std::nullopt
                                : std::optional<long long>(
                                      (id - 1) * nodes_per_commitment + shape.parent + 1))
                        .text(shape.code)
                        .text(std::string(m_random.pick(result_words)) +
                            (shape.parent < 0 ? "" : " (etapa " + std::string(shape.code) + ")"))
                        .text(shape.kind)
                        .optional_number(m_random.chance(25)
                                ? std::optional<long long>(m_random.between(1, 4))
                                : std::nullopt)
                        .text(to_iso(node_start))
                        .text(to_iso(due))
                        .number(position)
                        .end_row();
                    if (children[static_cast<std::size_t>(n)] > 0)
                        continue;
                    // A leaf: its share of the commitment's updates, dated from its start to a
                    // little after its due date (never after the generation day), with a
                    // figure that never goes down and ends near the commitment's fate.
                    const long long mine = update_count / leaves_per_commitment +
                        (leaf_index < update_count % leaves_per_commitment ? 1 : 0);
                    ++leaf_index;
                    const long first_day = days_since_epoch(node_start);
                    const long last_day =
                        std::min(days_since_epoch(due) + 60, days_since_epoch(generation_day) - 1);
                    const long days = std::max(1L, last_day - first_day);
                    const bool not_applicable = m_random.chance(2);
                    const long target = std::clamp(fate + m_random.between(-10, 10), 0L, 100L);
                    long percent = 0;
                    for (long long u = 0; u < mine; ++u) {
                        const long long this_update = ++update_id;
                        const Date as_of = date_from_days(
                            first_day + static_cast<long>((u + 1) * days / (mine + 1)));
                        const bool last = u + 1 == mine;
                        percent = last
                            ? target
                            : std::min(target,
                                  percent + m_random.between(0, 2 * target / (mine + 1) + 1));
                        const bool officer = m_random.chance(60);
                        const std::string recorded_at =
                            timestamp(add_days(as_of, m_random.below(10)),
                                m_random.between(8 * 3600, 19 * 3600));
                        const std::string note = std::string(notes[static_cast<std::size_t>(
                            m_random.below(static_cast<long>(notes.size())))]);
                        updates.number(this_update)
                            .number(node_id)
                            .text(to_iso(as_of))
                            .text(last && not_applicable ? "not_applicable" : "value")
                            .optional_number(last && not_applicable
                                    ? std::nullopt
                                    : std::optional<long long>(percent))
                            .text(officer ? "officer-" + padded(lead + 1, 3) + "@bench.example"
                                          : "import of plan.csv")
                            .text(recorded_at)
                            .text(note)
                            .end_row();
                        if (officer) {
                            // As the workspace audits a published update (workspace_store.cpp).
                            const nlohmann::json after = {{"as_of", to_iso(as_of)},
                                {"progress",
                                    last && not_applicable
                                        ? nlohmann::json("n/a")
                                        : nlohmann::json(static_cast<double>(percent))},
                                {"note", note}, {"evidence", nlohmann::json::array()},
                                {"state", "approved"}, {"submitted_by", 2 + lead},
                                {"review_comment", ""}};
                            audit.number(++audit_id)
                                .text(recorded_at)
                                .number(2 + lead)
                                .text("officer-" + padded(lead + 1, 3) + "@bench.example")
                                .text("officer")
                                .text("submit_progress_update")
                                .text("result")
                                .text(plan_code(p) + "/" + std::to_string(k + 1) + "/" + shape.code)
                                .text("")
                                .text(after.dump())
                                .end_row();
                        }
                        if (m_random.chance(10))
                            evidence.number(++evidence_id)
                                .number(node_id)
                                .number(this_update)
                                .text("Informe de avance " + to_iso(as_of))
                                .text("https://transparencia.example.gov.py/documentos/" +
                                    std::to_string(this_update) + ".pdf")
                                .text(to_iso(as_of))
                                .end_row();
                    }
                }
                if (end < generation_day && m_random.chance(60)) {
                    static constexpr std::array<std::string_view, 4> levels = {
                        "not_started", "limited", "substantial", "complete"};
                    const auto level = fate >= 100 ? 3 : (fate >= 50 ? 2 : (fate > 0 ? 1 : 0));
                    assessments.number(++assessment_id)
                        .number(id)
                        .text("independent_reviewer")
                        .text(levels[static_cast<std::size_t>(level)])
                        .text(to_iso(add_days(plan.end, 90)))
                        .text(paragraph(m_random, 2))
                        .text("")
                        .null()
                        .text("")
                        .end_row();
                }
            }
        }
        report("commitments", commitments.finish());
        report("commitment_values", values.finish());
        report("commitment_challenges", challenge_rows.finish());
        report("commitment_actors", actors.finish());
        report("nodes", nodes.finish());
        report("progress_updates", updates.finish());
        report("evidence", evidence.finish());
        report("assessments", assessments.finish());
        report("audit_log", audit.finish());
    }

    // Consultations on every fifth plan (the newest first), each with a document of numbered
    // paragraphs, open phases, threaded comments, endorsements and votes on the plan's
    // commitments from the generated citizens.
    void consultations()
    {
        TableWriter consultation_rows(m_database, "consultations",
            {"id", "plan_id", "title", "description", "results", "requires_identity",
                "identity_salt", "created_at", "updated_at"});
        TableWriter phases(m_database, "consultation_phases",
            {"consultation_id", "kind", "opens_at", "closes_at"}, {&consultation_rows});
        TableWriter documents(m_database, "consultation_documents",
            {"id", "consultation_id", "title", "markdown", "published_at", "published_by"},
            {&consultation_rows});
        TableWriter paragraphs(m_database, "consultation_paragraphs",
            {"id", "document_id", "section", "number", "section_title", "markdown"}, {&documents});
        TableWriter comments(m_database, "consultation_comments",
            {"id", "consultation_id", "document_id", "paragraph_id", "parent_id", "depth",
                "author_id", "stance", "body", "created_at"},
            {&paragraphs});
        TableWriter endorsements(m_database, "consultation_endorsements",
            {"comment_id", "account_id", "endorsed_at"}, {&comments});
        TableWriter votes(m_database, "consultation_votes",
            {"id", "consultation_id", "item_kind", "item_key", "account_id", "choice", "cast_at",
                "changed_at"},
            {&consultation_rows});

        const long count = m_sizes.consultations;
        long long paragraph_id = 0;
        long long comment_id = 0;
        long long vote_id = 0;
        long long comments_left = m_sizes.comments;
        long long endorsements_left = m_sizes.endorsements;
        long long votes_left = m_sizes.votes;
        const long per_plan = m_sizes.commitments / m_sizes.plans;
        for (long c = 0; c < count; ++c) {
            const long long id = c + 1;
            // Plans 5, 10, ... from the newest period back (plan p starts in 2012 + 2 (p % 7)).
            const long plan =
                (m_sizes.plans - 1 - c * 5 % m_sizes.plans + m_sizes.plans) % m_sizes.plans;
            const Date opens = add_days(Date{2026, 9, 1}, c % 30);
            consultation_rows.number(id)
                .number(plan + 1)
                .text("Consulta pública del plan " + plan_code(plan))
                .text(paragraph(m_random, 3))
                .text("live")
                .number(0)
                .text(hex_salt())
                .text(timestamp(add_days(opens, -10), 36000))
                .text(timestamp(add_days(opens, -10), 36000))
                .end_row();
            for (std::string_view kind : {"proposals", "comments", "voting"})
                phases.number(id)
                    .text(kind)
                    .text(timestamp(opens, 0))
                    .text(timestamp(Date{2027, 3, 31}, 86399))
                    .end_row();
            std::string markdown;
            for (int s = 1; s <= 6; ++s) {
                markdown +=
                    "## " + std::to_string(s) + ". " + std::string(m_random.pick(objects)) + "\n\n";
                for (int k = 0; k < 4; ++k)
                    markdown += paragraph(m_random, 2) + "\n\n";
            }
            documents.number(id)
                .number(id)
                .text("Borrador del plan " + plan_code(plan))
                .text(markdown)
                .text(timestamp(add_days(opens, -1), 43200))
                .number(1)
                .end_row();
            std::vector<long long> paragraph_ids;
            for (const auto& section : consultations::split_document(markdown))
                for (std::size_t k = 0; k < section.paragraphs.size(); ++k) {
                    paragraphs.number(++paragraph_id)
                        .number(id)
                        .number(section.number)
                        .number(static_cast<long long>(k + 1))
                        .text(section.title)
                        .text(section.paragraphs[k])
                        .end_row();
                    paragraph_ids.push_back(paragraph_id);
                }

            // This consultation's share of each kind, spread evenly.
            auto share = [&](long long& left) {
                const long long mine = left / (count - c);
                left -= mine;
                return mine;
            };
            const long long my_comments = share(comments_left);
            const long long my_endorsements = share(endorsements_left);
            const long long my_votes = share(votes_left);
            struct Written {
                long long id;
                int depth;
                std::optional<long long> paragraph;
                std::string at;
            };
            std::vector<Written> written;
            for (long long k = 0; k < my_comments; ++k) {
                const long long this_comment = ++comment_id;
                // Replies to a comment written earlier, at most three deep.
                std::optional<std::size_t> parent;
                if (!written.empty() && m_random.chance(40)) {
                    const auto candidate =
                        static_cast<std::size_t>(m_random.below(static_cast<long>(written.size())));
                    if (written[candidate].depth < 3)
                        parent = candidate;
                }
                const int depth = parent ? written[*parent].depth + 1 : 1;
                const std::optional<long long> on = parent ? written[*parent].paragraph
                    : m_random.chance(70)
                    ? std::optional<long long>(paragraph_ids[static_cast<std::size_t>(
                          m_random.below(static_cast<long>(paragraph_ids.size())))])
                    : std::nullopt;
                static constexpr std::array<std::string_view, 4> stances = {
                    "", "in_favour", "neutral", "against"};
                // Comments in order of id and of time: the k-th comment a little later each.
                const std::string at = timestamp(
                    add_days(opens, k * 50 / std::max(1LL, my_comments)), 28800 + k % 36000);
                comments.number(this_comment)
                    .number(id)
                    .number(id)
                    .optional_number(on)
                    .optional_number(
                        parent ? std::optional<long long>(written[*parent].id) : std::nullopt)
                    .number(depth)
                    .number(citizen(m_random.below(m_sizes.citizens)))
                    .text(parent ? "" : m_random.pick(stances))
                    .text(std::string(m_random.pick(comment_texts)) +
                        (m_random.chance(40) ? " " + paragraph(m_random, 1) : ""))
                    .text(at)
                    .end_row();
                written.push_back(Written{this_comment, depth, on, at});
            }
            // Endorsements: comment j gets about its share, from distinct citizens.
            for (long long e = 0; e < my_endorsements && !written.empty(); ++e) {
                const auto n = static_cast<long long>(written.size());
                const auto& comment = written[static_cast<std::size_t>(e % n)];
                const long long round = e / n;  // distinct accounts per comment, by round
                if (round >= m_sizes.citizens)
                    break;
                endorsements.number(comment.id)
                    .number(citizen((comment.id * 7919 + round) % m_sizes.citizens))
                    .text(comment.at)
                    .end_row();
            }
            // Votes on the plan's commitments: pair k is commitment k % items by citizen
            // k / items (offset per consultation), so no account votes twice on one item.
            const long items = std::max(1L, per_plan);
            static constexpr std::array<std::string_view, 3> choices = {
                "in_favour", "against", "abstain"};
            for (long long v = 0; v < my_votes; ++v) {
                const long long voter = v / items;
                if (voter >= m_sizes.citizens)
                    break;
                const std::string at = timestamp(add_days(opens, v % 50), 36000 + v % 40000);
                votes.number(++vote_id)
                    .number(id)
                    .text("commitment")
                    .text(std::to_string(v % items + 1))
                    .number(citizen((voter + c * 131) % m_sizes.citizens))
                    .text(choices[static_cast<std::size_t>(
                        m_random.below(10) < 6 ? 0 : m_random.below(3))])
                    .text(at)
                    .text(at)
                    .end_row();
            }
        }
        report("consultations", consultation_rows.finish());
        report("consultation_phases", phases.finish());
        report("consultation_documents", documents.finish());
        report("consultation_paragraphs", paragraphs.finish());
        report("consultation_comments", comments.finish());
        report("consultation_endorsements", endorsements.finish());
        report("consultation_votes", votes.finish());
    }

    long long citizen(long long index) const { return m_first_citizen + index; }

    std::string hex_salt()
    {
        static constexpr char digits[] = "0123456789abcdef";
        std::string text;
        for (int i = 0; i < 32; ++i)
            text += digits[m_random.below(16)];
        return text;
    }

    // COPY wrote the ids: each identity sequence moves past the largest, so that the server's
    // own inserts get new ids.
    void advance_sequences()
    {
        auto done = m_database.write([](soci::session& session) -> Result<void> {
            for (const char* table : {"audit_log", "accounts", "organisations", "plans", "areas",
                     "commitments", "commitment_actors", "nodes", "progress_updates", "evidence",
                     "assessments", "consultations", "consultation_documents",
                     "consultation_paragraphs", "consultation_comments", "consultation_votes"}) {
                const std::string name = table;
                session << "SELECT setval(pg_get_serial_sequence(:table, 'id'),"
                           " (SELECT COALESCE(MAX(id), 0) + 1 FROM " +
                        name + "), false)",
                    soci::use(name);
                session << "ANALYZE " + name;
            }
            return {};
        });
        if (!done.ok())
            throw std::runtime_error("advancing the sequences: " + done.error().message);
    }

    storage::Database& m_database;
    Random m_random;
    Sizes m_sizes;
    bool m_quiet;
    long long m_first_citizen = 0;
    std::vector<PlanShape> m_plans;
};

int usage(const char* message)
{
    std::cerr << "generate: " << message
              << "\nusage: generate --db DB [--seed N] [--scale F] [--quiet]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv)
{
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view name = argv[i];
        if (name == "--quiet") {
            options.quiet = true;
            continue;
        }
        if (i + 1 >= argc)
            return usage("each option takes a value");
        const std::string value = argv[++i];
        try {
            if (name == "--db")
                options.db = value;
            else if (name == "--seed")
                options.seed = std::stoull(value);
            else if (name == "--scale")
                options.scale = std::stod(value);
            else
                return usage("unknown option");
        } catch (const std::exception&) {
            return usage("a number was expected");
        }
    }
    if (options.db.empty())
        return usage("--db is required");
    if (!(options.scale > 0 && options.scale <= 100))
        return usage("--scale must be above 0 and at most 100");
    if (sodium_init() < 0) {
        std::cerr << "generate: libsodium did not start\n";
        return 1;
    }

    const auto started = std::chrono::steady_clock::now();
    auto location = storage::parse_database_location(options.db);
    if (!location.ok()) {
        std::cerr << "generate: " << location.error().message << '\n';
        return 2;
    }
    auto database = storage::Database::open(*location, storage::DatabaseOptions{.pool_size = 1});
    if (!database.ok()) {
        std::cerr << "generate: " << database.error().message << '\n';
        return 1;
    }
    if (auto migrated = (*database)->migrate(); !migrated.ok()) {
        std::cerr << "generate: " << migrated.error().message << '\n';
        return 1;
    }
    // Ids are written explicitly: refuse a database that already holds data rather than mix.
    auto existing = (*database)->read([](soci::session& session) -> Result<long long> {
        long long rows = 0;
        session << "SELECT (SELECT COUNT(*) FROM plans) + (SELECT COUNT(*) FROM accounts)",
            soci::into(rows);
        return rows;
    });
    if (!existing.ok() || *existing != 0) {
        std::cerr << "generate: " << location->display
                  << " already holds plans or accounts; generate into an empty database\n";
        return 1;
    }
    try {
        Generator(**database, options).run();
    } catch (const std::exception& error) {
        std::cerr << "generate: " << error.what() << '\n';
        return 1;
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    if (!options.quiet) {
        std::cout << "password of every account: " << bench_password << '\n'
                  << "administrator admin@bench.example, officers officer-001@bench.example...,"
                     " citizens citizen-00001@bench.example...\n";
    }
    std::printf("generated in %.1f s\n", took.count());
    return 0;
}
