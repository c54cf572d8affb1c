// What the block says about a delivery that reached only some recipients (send_email/partial_delivery.hpp).
#include <doctest/doctest.h>

#include "send_email/partial_delivery.hpp"

using namespace mailblock::send_email;
using smtp::RecipientStatus;

namespace {

smtp::Delivery delivery(std::initializer_list<std::pair<const char*, RecipientStatus>> fates) {
    smtp::Delivery d;
    for (const auto& [address, status] : fates) {
        smtp::RecipientResult r;
        r.address = address;
        r.status = status;
        r.reply = status == RecipientStatus::Accepted  ? smtp::parseReply(250, "250 2.0.0 Ok: queued as Q1")
                  : status == RecipientStatus::Refused ? smtp::parseReply(550, "550 5.1.1 no such user")
                                                       : smtp::parseReply(450, "450 4.2.1 mailbox busy");
        d.recipients.push_back(r);
    }
    return d;
}

}  // namespace

TEST_CASE("everyone accepted: no error, not partial") {
    Verdict v =
        judge(delivery({{"a@x.org", RecipientStatus::Accepted}, {"b@x.org", RecipientStatus::Accepted}}), true, "en");
    CHECK_FALSE(v.partial);
    CHECK_FALSE(v.error);
}

TEST_CASE("a deferred recipient makes a partial delivery an error that names who has it and who does not") {
    Verdict v = judge(delivery({{"a@x.org", RecipientStatus::Accepted},
                                {"b@x.org", RecipientStatus::Deferred},
                                {"c@x.org", RecipientStatus::Refused}}),
                      false, "en");
    CHECK(v.partial);
    REQUIRE(v.error);
    CHECK(v.error->kind == "partial");
    CHECK(v.error->message.find("1 of 3 have it (a@x.org)") != std::string::npos);
    CHECK(v.error->message.find("b@x.org: 450 4.2.1 mailbox busy") != std::string::npos);
    CHECK(v.refused == "\n- c@x.org: 550 5.1.1 no such user");
    Verdict ru =
        judge(delivery({{"a@x.org", RecipientStatus::Accepted}, {"b@x.org", RecipientStatus::NotSent}}), false, "ru");
    REQUIRE(ru.error);
    CHECK(ru.error->fate == "partial");  // common/outcome puts «Письмо отправлено не всем получателям» first
    CHECK(ru.error->message.rfind("Приняли 1 из 2 (a@x.org)", 0) == 0);
}

TEST_CASE("an unknown fate outranks a partial one; a refusal alone fails only with If any refused") {
    Verdict v = judge(delivery({{"a@x.org", RecipientStatus::Accepted},
                                {"b@x.org", RecipientStatus::Unknown},
                                {"c@x.org", RecipientStatus::Deferred}}),
                      false, "en");
    REQUIRE(v.error);
    CHECK(v.error->kind == "unknown_outcome");
    CHECK(v.error->fate == "partial");  // a@x.org has it, whatever became of the others
    auto refused = delivery({{"a@x.org", RecipientStatus::Accepted}, {"b@x.org", RecipientStatus::Refused}});
    Verdict lenient = judge(refused, false, "en");
    CHECK(lenient.partial);
    CHECK_FALSE(lenient.error);
    Verdict strict = judge(refused, true, "en");
    REQUIRE(strict.error);
    CHECK(strict.error->kind == "recipient_rejected");
}
