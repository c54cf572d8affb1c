// Domains in Unicode, as Russian users type them (пример.рф), become the ASCII form servers know.
#include <doctest/doctest.h>

#include "common/idna.hpp"

using mailblock::common::domainToAscii;
using mailblock::common::punycode;

TEST_CASE("Punycode encodes RFC 3492's samples") {
    // 7.1 (A) Arabic (Egyptian) and (L) 3<nen>B<gumi><kinpachi><sensei>, with basic code points kept in front.
    CHECK(punycode(U"\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F") ==
          "egbpdaj6bu4bxfgehfvwxn");
    CHECK(punycode(U"3\u5E74B\u7D44\u91D1\u516B\u5148\u751F") == "3B-ww4c5e180e575a65lsy2b");
    CHECK(punycode(U"b\u00FCcher") == "bcher-kva");
}

TEST_CASE("Cyrillic domains take their xn-- form, capitals folded, ASCII labels kept") {
    CHECK(domainToAscii("пример.рф").domain == "xn--e1afmkfd.xn--p1ai");
    CHECK(domainToAscii("ПРИМЕР.РФ").domain == "xn--e1afmkfd.xn--p1ai");
    CHECK(domainToAscii("президент.рф").domain == "xn--d1abbgf6aiiy.xn--p1ai");
    CHECK(domainToAscii("почта.рус").domain == "xn--80a1acny.xn--p1acf");
    CHECK(domainToAscii("ёлка.рф").domain == "xn--80atc1g.xn--p1ai");
    CHECK(domainToAscii("mail.пример.рф").domain == "mail.xn--e1afmkfd.xn--p1ai");
    CHECK(domainToAscii("пример\u3002рф").domain == "xn--e1afmkfd.xn--p1ai");  // an ideographic full stop
    CHECK(domainToAscii("example.org").domain == "example.org");
}

TEST_CASE("what cannot be a domain name is refused with the reason") {
    CHECK(domainToAscii("при мер.рф").error == "a character that cannot be in a domain name");
    CHECK(domainToAscii("пример..рф").error == "an empty label");
    CHECK(domainToAscii("\xD0").error == "not valid UTF-8");
    // 50 letters, under 63, but 68 octets once encoded (Python: len("xn--" + label.encode("punycode"))).
    CHECK(domainToAscii("азохьгксшяжнфывйрчюемуъбипцэдлтщазохьгксшяжнфывйрч.рф").error ==
          "a label longer than 63 characters once encoded");
    CHECK(domainToAscii(std::string(64, 'a') + ".org").error == "a label longer than 63 characters");
}
