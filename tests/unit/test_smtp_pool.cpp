// The connection pool's shared state: one TLS context per pool key (loading the CA store costs ~15 ms, so a
// context per connection or per message was most of a mailing's CPU), dropped at plugin shutdown.
#include <doctest/doctest.h>

#include "send_email/smtp/pool.hpp"

using mailblock::common::Endpoint;
using mailblock::common::Security;
using mailblock::send_email::smtp::Pool;

TEST_CASE("the pool makes one TLS context per key, shares it, and makes a new one after closeAll") {
    Endpoint e;
    e.host = "mail.example.org";
    e.port = 587;
    e.security = Security::StartTls;
    Pool& pool = Pool::instance();
    pool.closeAll();
    auto first = pool.tlsContext("key-a", e);
    REQUIRE(first);
    CHECK(pool.tlsContext("key-a", e).get() == first.get());  // every connection of the key: the same context

    Endpoint untrusted = e;
    untrusted.accept_untrusted = true;
    auto other = pool.tlsContext("key-b", untrusted);
    CHECK(other.get() != first.get());  // another key (here another trust setting): its own context
    CHECK(pool.tlsContext("key-b", untrusted).get() == other.get());

    pool.closeAll();  // plugin shutdown: contexts go with the sessions (`first` still holds the old one)
    CHECK(pool.tlsContext("key-a", e).get() != first.get());
    pool.closeAll();
}
