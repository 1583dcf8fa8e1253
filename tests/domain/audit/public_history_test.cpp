// The public history's rule, row by row: which audit entries a commitment page shows, and how it
// names who made them (never by e-mail address).
#include "domain/audit/public_history.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tablero::audit {
namespace {

TEST(PublicHistory, WhichEntriesArePublic)
{
    struct Row {
        std::string name;
        std::string entity;
        std::string action;
        std::string state_after;
        std::optional<PublicChange> expected;
    };
    const std::vector<Row> rows = {
        {"published at once", "result", "submit_progress_update", "approved",
            PublicChange::progress_published},
        {"pending", "result", "submit_progress_update", "pending", std::nullopt},
        {"no state", "result", "submit_progress_update", "", std::nullopt},
        {"approved", "result", "approve_progress_update", "approved",
            PublicChange::progress_approved},
        {"returned", "result", "return_progress_update", "returned", std::nullopt},
        {"result created", "result", "create_result", "", PublicChange::result_created},
        {"result edited", "result", "update_result", "", PublicChange::result_edited},
        {"commitment created", "commitment", "create_commitment", "",
            PublicChange::commitment_created},
        {"commitment edited", "commitment", "update_commitment", "",
            PublicChange::commitment_edited},
        {"assessment", "commitment", "record_assessment", "", PublicChange::assessment_recorded},
        {"dissent", "commitment", "record_dissent", "", PublicChange::dissent_recorded},
        {"an action on the wrong entity", "commitment", "approve_progress_update", "approved",
            std::nullopt},
        {"an unknown action", "commitment", "delete_commitment", "", std::nullopt},
        {"an account", "account", "create_account", "", std::nullopt},
        {"a plan setting", "plan", "set_updates_need_validation", "", std::nullopt},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        EXPECT_EQ(public_change(row.entity, row.action, row.state_after), row.expected);
    }
}

TEST(PublicHistory, ChangesHaveStableCodes)
{
    EXPECT_EQ(to_string(PublicChange::progress_published), "progress_published");
    EXPECT_EQ(to_string(PublicChange::dissent_recorded), "dissent_recorded");
    EXPECT_EQ(to_string(PublicChange::assessment_recorded), "assessment_recorded");
}

TEST(PublicHistory, WhoIsNamedAndHow)
{
    struct Row {
        std::string name;
        std::string role;
        std::string display_name;
        std::string organisation;
        PublicActor expected;
    };
    const std::vector<Row> rows = {
        {"officer: the commitment's institution", "officer", "Ana Pérez", "",
            {"Ana Pérez", "Ministerio de Justicia", "officer"}},
        {"monitor: the organisation", "monitor", "Sara Gómez", "Semillas",
            {"Sara Gómez", "Semillas", "monitor"}},
        {"administrator", "administrator", "Luis Ríos", "", {"Luis Ríos", "", "administrator"}},
        {"the system names no one", "system", "", "", {"", "", "system"}},
        {"an unknown role is the system's", "robot", "Bot", "Org", {"", "", "system"}},
    };
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        const PublicActor actor =
            public_actor(row.role, row.display_name, row.organisation, "Ministerio de Justicia");
        EXPECT_EQ(actor.name, row.expected.name);
        EXPECT_EQ(actor.affiliation, row.expected.affiliation);
        EXPECT_EQ(actor.role, row.expected.role);
    }
}

}  // namespace
}  // namespace tablero::audit
