#include "domain/accounts/authorisation.h"

#include <array>

namespace tablero::accounts {

namespace {

// Whether a role may take an action at all, and whether only on its own institutions.
enum class Grant { no, yes, own_institution };

struct Rule {
    Action action;
    Grant administrator;
    Grant officer;
    Grant monitor;
    Grant citizen;
};

// The table. Keep it in the order of Action; the test walks every cell against its own copy.
constexpr std::array rules = {
    Rule{Action::post_progress_update, Grant::yes, Grant::own_institution, Grant::no, Grant::no},
    Rule{Action::view_pending_updates, Grant::yes, Grant::own_institution, Grant::no, Grant::no},
    Rule{Action::validate_update, Grant::yes, Grant::no, Grant::no, Grant::no},
    Rule{Action::manage_plans, Grant::yes, Grant::no, Grant::no, Grant::no},
    Rule{Action::record_assessment, Grant::yes, Grant::no, Grant::yes, Grant::no},
    Rule{Action::record_dissent, Grant::no, Grant::no, Grant::yes, Grant::no},
    Rule{Action::view_audit_log, Grant::yes, Grant::no, Grant::no, Grant::no},
    Rule{Action::manage_accounts, Grant::yes, Grant::no, Grant::no, Grant::no},
    Rule{Action::participate, Grant::yes, Grant::yes, Grant::yes, Grant::yes},
    Rule{Action::manage_consultations, Grant::yes, Grant::no, Grant::no, Grant::no},
    Rule{Action::moderate, Grant::yes, Grant::no, Grant::no, Grant::no},
};

Grant grant_of(const Rule& rule, Role role)
{
    switch (role) {
    case Role::administrator:
        return rule.administrator;
    case Role::officer:
        return rule.officer;
    case Role::monitor:
        return rule.monitor;
    case Role::citizen:
        return rule.citizen;
    }
    return Grant::no;
}

}  // namespace

std::string_view to_string(Role role)
{
    switch (role) {
    case Role::administrator:
        return "administrator";
    case Role::officer:
        return "officer";
    case Role::monitor:
        return "monitor";
    case Role::citizen:
        return "citizen";
    }
    return "citizen";
}

std::optional<Role> parse_role(std::string_view code)
{
    for (Role role : {Role::administrator, Role::officer, Role::monitor, Role::citizen}) {
        if (to_string(role) == code)
            return role;
    }
    return std::nullopt;
}

std::string_view to_string(Action action)
{
    switch (action) {
    case Action::post_progress_update:
        return "post_progress_update";
    case Action::view_pending_updates:
        return "view_pending_updates";
    case Action::validate_update:
        return "validate_update";
    case Action::manage_plans:
        return "manage_plans";
    case Action::record_assessment:
        return "record_assessment";
    case Action::record_dissent:
        return "record_dissent";
    case Action::view_audit_log:
        return "view_audit_log";
    case Action::manage_accounts:
        return "manage_accounts";
    case Action::participate:
        return "participate";
    case Action::manage_consultations:
        return "manage_consultations";
    case Action::moderate:
        return "moderate";
    }
    return "participate";
}

Decision authorise(const Actor& actor, Action action, const Scope& scope)
{
    if (!actor.role)
        return {false, "sign_in_required"};
    if (actor.disabled)
        return {false, "account_disabled"};
    const Rule* rule = nullptr;
    for (const Rule& candidate : rules) {
        if (candidate.action == action)
            rule = &candidate;
    }
    const Grant grant = rule ? grant_of(*rule, *actor.role) : Grant::no;
    switch (grant) {
    case Grant::no:
        return {false, "role_not_allowed"};
    case Grant::yes:
        return {true, {}};
    case Grant::own_institution:
        if (scope.institution && actor.institutions.contains(*scope.institution))
            return {true, {}};
        return {false, "other_institution"};
    }
    return {false, "role_not_allowed"};
}

}  // namespace tablero::accounts
