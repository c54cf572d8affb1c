// An autoconfig document (Thunderbird's config-v1.1.xml) -> mail settings (blocks/common/autoconfig/
// autoconfig_xml.hpp). Whoever answers at autoconfig.DOMAIN writes it. Input: the address, ended by "\|", then
// the XML. Checked: only std::runtime_error escapes; a result has an SMTP server; every server has a host that
// is a valid host name or an IP address literal and a port in 1..65535; the username has no placeholder left.
#include <Poco/Net/IPAddress.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "common/autoconfig/autoconfig_xml.hpp"
#include "fuzz_support.hpp"

using namespace mailblock::common::autoconfig;

namespace {

bool hostOrAddress(const std::string& host) {
    Poco::Net::IPAddress ip;
    return isValidHostName(host) || Poco::Net::IPAddress::tryParse(host, ip);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    mailblock::fuzz::FuzzInput in(data, size);
    std::string address = in.field(320);
    std::string xml = in.rest();
    std::string where = "address: " + mailblock::fuzz::printable(address) + "\nxml: " + mailblock::fuzz::printable(xml);
    FoundSettings f;
    try {
        f = parseAutoconfig(xml, address);
    } catch (const std::runtime_error&) {
        return 0;
    }
    FUZZ_CHECK(!f.smtp.empty(), where);
    for (const auto* list : {&f.smtp, &f.imap})
        for (const auto& s : *list) {
            FUZZ_CHECK(hostOrAddress(s.host), where + "\nhost: " + mailblock::fuzz::printable(s.host));
            FUZZ_CHECK(s.port >= 1, where);
        }
    FUZZ_CHECK(f.username.find('%') == std::string::npos || address.find('%') != std::string::npos,
               where + "\nusername: " + mailblock::fuzz::printable(f.username));
    FUZZ_CHECK(!f.authenticated, where);  // a document alone proves nothing; only an HTTPS fetch does
    return 0;
}
