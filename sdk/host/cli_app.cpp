#include "cli_app.hpp"

#include "mailblock/sdk/cli.hpp"

namespace mailblock::host {

namespace {

const char* const kCodes = "0 done, 2 usage error, 3 no plugin could be loaded";

CLI::App* command(CLI::App& rpa, const std::string& name, const std::string& what, const std::string& example,
                  const std::string& codes = kCodes) {
    CLI::App* c = rpa.add_subcommand(name, what);
    c->fallthrough();  // rpa's own options (--plugin ...) may come after the command word
    sdk::cli::describe(*c, "rpa " + name, codes, example);
    return c;
}

void langOption(CLI::App* c, HostArgs& a) {
    c->add_option("--lang", a.lang, "titles in Russian (default) or English")
        ->check(sdk::cli::oneOf({"ru", "en"}))
        ->type_name("ru|en");
}

}  // namespace

std::vector<std::string> hostCommandNames() {
    return {"run", "blocks", "describe", "manifest", "docs", "serve", "help"};
}

bool hostValueOption(const std::string& word) {
    return word == "--plugin" || word == "--autoconfig-url" || word == "--dns-server";
}

std::unique_ptr<CLI::App> hostApp(HostArgs& a) {
    auto rpa = std::make_unique<CLI::App>("rpa runs automation diagrams made of the blocks of its plugins.", "rpa");
    sdk::cli::describe(*rpa, "rpa",
                       "0 done, 1 a diagram stopped by a block's error, 2 usage error or invalid diagram "
                       "(nothing ran), 3 no plugin could be loaded",
                       "rpa run examples/send.json --var to=someone@example.org");
    rpa->add_option("--plugin", a.plugins,
                    "load the block plugin in this file (else MAILBLOCK_PLUGIN_PATH, the installed ones)")
        ->type_name("PATH")
        ->group("Everywhere");
    rpa->add_option("--autoconfig-url", a.autoconfig_url,
                    "where auto-setup looks for settings, like MAILBLOCK_AUTOCONFIG_URL")
        ->type_name("URL-TEMPLATE")
        ->group("Everywhere");
    rpa->add_option("--dns-server", a.dns_server, "the DNS server auto-setup asks, like MAILBLOCK_DNS_SERVER")
        ->type_name("HOST:PORT")
        ->group("Everywhere");
    rpa->add_flag("--version", a.version, "the version of rpa and of its plugin ABI");

    CLI::App* run =
        command(*rpa, "run", "runs a diagram file", "rpa run send.json --var recipient=ann@example.org --json",
                "0 completed, 1 stopped by a block's error, 2 usage error or invalid diagram (nothing ran), "
                "3 no plugin could be loaded");
    run->add_option("DIAGRAM", a.diagram, "the diagram file (JSON)")->type_name("")->required();
    run->add_option("--var", a.vars, "sets a variable of the diagram ($var)")
        ->type_name("NAME=VALUE")
        ->check([](const std::string& v) {
            return v.find('=') == 0 || v.find('=') == std::string::npos ? "takes NAME=VALUE, got " + v
                                                                        : std::string();
        });
    run->add_option("--each", a.each, "runs once per CSV row, each column a variable")->type_name("ROWS.csv");
    run->add_option("--journal", a.mailing.journal_path,
                    "with --each: the journal that makes a rerun send each row once (default ROWS.csv.journal; off: none)")
        ->type_name("FILE|off");
    run->add_option_function<std::string>(
           "--journal-sync",
           [&a](const std::string& sync) { a.mailing.journal_sync = sync == "os" ? Journal::Sync::Os : Journal::Sync::Row; },
           "with --each: fdatasync each row's record (row, default) or leave it to the system (os)")
        ->check(CLI::IsMember({"row", "os"}))
        ->type_name("row|os");
    run->add_flag("--resend-unknown", a.mailing.resend_unknown,
                  "with --each: send again the rows whose fate the journal does not know");
    run->add_flag("--json", a.json, "prints every block's outputs and errors as JSON");

    CLI::App* blocks = command(*rpa, "blocks", "lists the blocks of the loaded plugins", "rpa blocks --lang en --json");
    langOption(blocks, a);
    blocks->add_flag("--json", a.json, "as JSON: id, titles, plugin file, where it was found");

    CLI::App* describe = command(*rpa, "describe", "shows a block's ports", "rpa describe mail.send --lang en");
    describe->add_option("BLOCK", a.block, "the block's id (`rpa blocks` lists them)")->type_name("")->required();
    langOption(describe, a);
    describe->add_flag("--json", a.json, "as JSON: the block's entry of the manifest");

    command(*rpa, "manifest", "prints the manifest an editor reads (blocks, ports, types, titles)",
            "rpa manifest > manifest.json");

    CLI::App* docs =
        command(*rpa, "docs", "writes the blocks' help pages", "rpa docs --lang en --format html --out help/");
    docs->add_option("BLOCK", a.block, "only this block's page")->type_name("");
    langOption(docs, a);
    docs->add_option("--format", a.format, "Markdown or HTML")
        ->check(sdk::cli::oneOf({"md", "html"}))
        ->type_name("md|html");
    docs->add_option("--out", a.out_dir, "one file per block into this folder (else standard output)")
        ->type_name("DIR");

    CLI::App* serve =
        command(*rpa, "serve", "runs blocks for another engine: JSON lines on stdin/stdout (docs/serve-protocol.md)",
                "rpa serve --parallel 8");
    serve
        ->add_option_function<unsigned>(
            "--parallel", [&a](unsigned n) { a.serve["parallel"] = std::to_string(n); },
            "runs at most N blocks at once (default 4)")
        ->check(sdk::cli::between(1, 64))
        ->type_name("N");
    serve
        ->add_option_function<unsigned>(
            "--scope-idle", [&a](unsigned n) { a.serve["scope-idle"] = std::to_string(n); },
            "ends a message scope after this many idle seconds")
        ->check(sdk::cli::between(1, 86400))
        ->type_name("SECONDS");

    CLI::App* help = command(*rpa, "help", "this help, or a command's help", "rpa help check-smtp");
    help->add_option("COMMAND", a.topic, "the command to explain")->type_name("");
    return rpa;
}

}  // namespace mailblock::host
