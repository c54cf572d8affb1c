// ABI versions across the boundary (abi.h, "Versions" and "Run scopes"): a plugin built with today's SDK under a
// host table cut to each earlier size reads nothing past it and falls back as documented; a host never calls
// past a shorter plugin table; run scopes end when the run ends, or when a long-lived host says so; and no
// exception leaves a block through the C boundary, not even one thrown while reporting an error.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdlib>
#include <new>

#include "diagram.hpp"
#include "plugin_fixture.hpp"
#include "runner.hpp"

using namespace mailblock::host;
using mailblock::sdk::Value;

namespace {

int g_traps = 0;  // calls of host members the plugin should not have known about

const char* trapBlockId(mb_run_context*) { return ++g_traps, "TRAP"; }
int trapLinked(mb_run_context*, const char*) { return ++g_traps, 0; }
void trapProgress(mb_run_context*, uint64_t, uint64_t) { ++g_traps; }
uint64_t trapScope(mb_run_context*) { return ++g_traps, 999; }
const char* trapVariable(mb_run_context*, const char*) { return ++g_traps, "\"TRAP\""; }
int trapWanted(mb_run_context*, const char*) { return ++g_traps, 0; }
int trapText(mb_run_context*, const char*, const char**, size_t*) { return ++g_traps, 0; }

// The real host table cut to `size`: every member past it is a trap (a host of that age has garbage there).
mb_host_api hostTableOf(size_t size) {
    mb_host_api api = *hostApi();
    api.struct_size = static_cast<uint32_t>(size);
    if (size <= offsetof(mb_host_api, progress)) api.progress = &trapProgress;
    if (size <= offsetof(mb_host_api, block_id)) api.block_id = &trapBlockId;
    if (size <= offsetof(mb_host_api, output_linked)) api.output_linked = &trapLinked;
    if (size <= offsetof(mb_host_api, host_abi_major)) api.host_abi_major = api.host_abi_minor = 77;
    if (size <= offsetof(mb_host_api, run_scope)) api.run_scope = &trapScope;
    if (size <= offsetof(mb_host_api, input_text)) api.input_text = &trapText, api.host_abi_minor = 5;  // 1.5
    if (size <= offsetof(mb_host_api, output_wanted)) api.output_wanted = &trapWanted, api.host_abi_minor = 4;  // 1.4
    if (size <= offsetof(mb_host_api, variable)) api.variable = &trapVariable, api.host_abi_minor = 3;  // a 1.3 host
    return api;
}

Registry& probeRegistry() {
    static Registry registry = [] {
        Registry r;
        r.load(fixturePlugin("probe_plugin"));
        r.load(fixturePlugin("abi_1_0_plugin"));
        r.load(fixturePlugin("throwing_plugin"));
        return r;
    }();
    return registry;
}

// Runs the probe block directly under `api` (the diagram's variables: greeting = "привет"); returns what it saw.
// `reported`: whether the host shows the outputs (false: a mailing's rows, where only linked outputs are read).
Value probeUnder(const mb_host_api& api, bool reported = true) {
    static const std::map<std::string, Value> variables{{"greeting", Value::text("привет")}};
    const LoadedBlock* b = probeRegistry().find("test.abi_probe");
    REQUIRE(b);
    mb_run_context ctx;
    ctx.block_id = "probe";
    ctx.descriptor = &b->descriptor;
    ctx.linked_outputs = {};  // "seen" is read by no later block
    ctx.outputs_reported = reported;
    ctx.run_scope = 42;
    ctx.variables = &variables;
    // The note's wire form and value differ on purpose, so the probe's answer tells which one it read.
    static const Value note = Value::text("Dear \"Anna\",\r\nfrom input_text");
    ctx.inputs["note"] = PortInput{R"("from the wire form")", &note};
    SecretMask mask;
    ctx.mask = &mask;
    g_traps = 0;
    REQUIRE(b->factory->run(&api, &ctx) == 0);
    CHECK(g_traps == 0);
    return ctx.outputs.at("seen");
}

RunResult runOneBlock(const std::string& type, const RunOptions& options = {}) {
    static SecretMask mask;
    Diagram d = loadDiagram(R"({"start": {"next": "b"}, "blocks": {"b": {"type": ")" + type + R"(", "inputs": {}}}})",
                            probeRegistry(), {});
    return runDiagram(d, options, mask);
}

std::string endedScopes() {
    const char* e = std::getenv("MB_TEST_PROBE_ENDED");
    return e ? e : "";
}

}  // namespace

TEST_CASE("under a 1.0 host table the SDK calls nothing newer and falls back") {
    Value seen = probeUnder(hostTableOf(offsetof(mb_host_api, block_id)));
    CHECK(seen.textOf("abi") == "1.0");
    CHECK(seen.textOf("block_id") == "");
    CHECK(seen.find("linked")->asBool());  // cannot tell: the output is kept
    CHECK(seen.find("scope")->asNumber() == 0);
}

TEST_CASE("a table that ends even before progress: progress is skipped, not called") {
    Value seen = probeUnder(hostTableOf(offsetof(mb_host_api, progress)));
    CHECK(seen.textOf("abi") == "1.0");
}

TEST_CASE("under a late 1.0 host (block_id without output_linked) block_id is used") {
    Value seen = probeUnder(hostTableOf(offsetof(mb_host_api, output_linked)));
    CHECK(seen.textOf("abi") == "1.0");
    CHECK(seen.textOf("block_id") == "probe");
    CHECK(seen.find("linked")->asBool());
}

TEST_CASE("under a 1.1 host table: block id and links, no run scope") {
    Value seen = probeUnder(hostTableOf(offsetof(mb_host_api, host_abi_major)));
    CHECK(seen.textOf("abi") == "1.1");
    CHECK(seen.textOf("block_id") == "probe");
    CHECK_FALSE(seen.find("linked")->asBool());
    CHECK(seen.find("scope")->asNumber() == 0);
}

TEST_CASE("under a 1.3 host table: the run scope, no diagram variables") {
    Value seen = probeUnder(hostTableOf(offsetof(mb_host_api, variable)));
    CHECK(seen.textOf("abi") == "1.3");
    CHECK(seen.find("scope")->asNumber() == 42);
    CHECK(seen.find("greeting")->isNull());
}

TEST_CASE("under today's host table the host says its version, the run scope and the diagram's variables") {
    Value seen = probeUnder(hostTableOf(sizeof(mb_host_api)));
    CHECK(seen.textOf("abi") == std::to_string(MAILBLOCK_ABI_MAJOR) + "." + std::to_string(MAILBLOCK_ABI_MINOR));
    CHECK(seen.find("scope")->asNumber() == 42);
    CHECK(seen.textOf("greeting") == "привет");
}

TEST_CASE("a 1.5 host says when nothing reads an output; under a 1.4 table every output counts as wanted") {
    CHECK(probeUnder(hostTableOf(sizeof(mb_host_api))).find("wanted")->asBool());  // the report shows it
    CHECK_FALSE(probeUnder(hostTableOf(sizeof(mb_host_api)), false).find("wanted")->asBool());
    Value old = probeUnder(hostTableOf(offsetof(mb_host_api, output_wanted)), false);
    CHECK(old.textOf("abi") == "1.4");
    CHECK(old.find("wanted")->asBool());  // cannot tell: the output is made
    CHECK(old.textOf("greeting") == "привет");
}

TEST_CASE("a 1.6 host gives a text input as text; under a 1.5 table the SDK reads its wire form") {
    CHECK(probeUnder(hostTableOf(sizeof(mb_host_api))).textOf("note") == "Dear \"Anna\",\r\nfrom input_text");
    Value old = probeUnder(hostTableOf(offsetof(mb_host_api, input_text)));
    CHECK(old.textOf("abi") == "1.5");
    CHECK(old.textOf("note") == "from the wire form");
}

TEST_CASE("input_text: text only; no value, a secret or a number is left to the wire form") {
    mb_run_context ctx;
    const Value secret = Value::secret("pw"), number = Value::number(5), text = Value::text("a\"b");
    ctx.inputs["secret"] = PortInput{R"({"$secret": "pw"})", &secret};
    ctx.inputs["number"] = PortInput{"5", &number};
    ctx.inputs["text"] = PortInput{R"("a\"b")", &text};
    ctx.inputs["wire_only"] = PortInput{R"("w")", nullptr};
    const mb_host_api& api = *hostApi();
    const char* data = nullptr;
    size_t size = 0;
    CHECK(api.input_text(&ctx, "unset", &data, &size) == 0);
    CHECK(api.input_text(&ctx, "secret", &data, &size) == -1);
    CHECK(api.input_text(&ctx, "number", &data, &size) == -1);
    CHECK(api.input_text(&ctx, "wire_only", &data, &size) == -1);
    REQUIRE(api.input_text(&ctx, "text", &data, &size) == 1);
    CHECK(std::string(data, size) == "a\"b");
    mailblock::sdk::Context c(&api, &ctx);
    CHECK(c.text("secret") == "pw");
    CHECK(c.input("number").asNumber() == 5);
    CHECK(c.text("text") == "a\"b");
    CHECK(c.text("wire_only") == "w");
    CHECK(c.input("unset").isNull());
}

TEST_CASE("a run's scope ends when the run ends; a host may hold one open across runs and end it itself") {
    unsetenv("MB_TEST_PROBE_ENDED");
    RunResult r = runOneBlock("test.abi_probe");
    const double own = r.blocks.at(0).outputs.at(0).value.find("scope")->asNumber();
    CHECK(own > 0);
    CHECK(endedScopes() == std::to_string(static_cast<uint64_t>(own)));

    unsetenv("MB_TEST_PROBE_ENDED");
    {
        RunScope held;
        RunOptions options;
        options.scope = &held;
        for (int i = 0; i < 2; ++i) {
            RunResult again = runOneBlock("test.abi_probe", options);
            CHECK(again.blocks.at(0).outputs.at(0).value.find("scope")->asNumber() == static_cast<double>(held.id()));
        }
        CHECK(endedScopes().empty());  // still open: the host has not ended it
        held.end();
        CHECK(endedScopes() == std::to_string(held.id()));
        held.end();  // once only, also when it goes out of scope
    }
    CHECK(endedScopes().find(' ') == std::string::npos);
}

TEST_CASE("a host never calls end_run_scope past a 1.0 plugin's table") {
    unsetenv("MB_TEST_ABI_TRAP");
    CHECK(runOneBlock("test.old_block").completed);
    CHECK(std::getenv("MB_TEST_ABI_TRAP") == nullptr);
}

namespace {
int g_set_error_calls = 0;
std::string g_reported;
// A host whose set_error throws the first time, as formatting an error can (out of memory).
void throwingSetError(mb_run_context*, const char* json) {
    if (++g_set_error_calls == 1) throw std::bad_alloc();
    g_reported = json;
}
}  // namespace

TEST_CASE("an exception thrown while the error is reported does not escape the block (nor terminate the host)") {
    const LoadedBlock* b = probeRegistry().find("test.throws");
    REQUIRE(b);
    mb_host_api api = *hostApi();
    api.set_error = &throwingSetError;
    mb_run_context ctx;
    ctx.descriptor = &b->descriptor;
    ctx.inputs["what"].wire = R"("std")";
    g_set_error_calls = 0;
    CHECK(b->factory->run(&api, &ctx) == 1);
    CHECK(g_set_error_calls == 2);
    CHECK(g_reported.find("its error could not be reported") != std::string::npos);
    // A host whose set_error always throws gets no error, but keeps running.
    api.set_error = [](mb_run_context*, const char*) { throw std::bad_alloc(); };
    CHECK(b->factory->run(&api, &ctx) == 1);
}
