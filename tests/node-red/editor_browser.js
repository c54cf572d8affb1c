// Drives the real Node-RED editor in Debian's headless Chromium (playwright-core, no browser download):
//   node editor_browser.js URL LANG SCREENSHOT_DIR
// opens the editor in LANG (ru: navigator.language and Accept-Language say so), finds each mailblock node in the
// palette, drags "Send email" onto the workspace, opens its dialog, and prints what a user sees as one JSON line:
// palette labels, the dialog's groups and port rows in order with their labels, the field kinds, and the help
// sidebar's heading. Screenshots: palette-LANG.png, dialog-LANG.png. The Python test asserts on the JSON.
const path = require('path');
const { chromium } = require(path.join(__dirname, '..', '..', 'node-red', 'node_modules', 'playwright-core'));

// Waits until the element stops moving (the edit tray slides in): two equal boxes one animation frame apart.
async function settled(page, selector) {
    for (let last = null; ;) {
        const box = await page.evaluate((sel) => {
            const r = document.querySelector(sel).getBoundingClientRect();
            return new Promise((done) => requestAnimationFrame(() => done(`${r.left},${r.top},${r.width}`)));
        }, selector);
        if (box === last) return;
        last = box;
    }
}

async function main() {
    const [url, lang, shots] = process.argv.slice(2);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', `--lang=${lang}`] });
    const locale = lang === 'ru' ? 'ru-RU' : 'en-US';
    const context = await browser.newContext({ locale, viewport: { width: 1920, height: 1080 },
        extraHTTPHeaders: { 'Accept-Language': lang === 'ru' ? 'ru-RU,ru' : 'en-US,en' } });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(url);
    const paletteNode = page.locator('.red-ui-palette-node[data-palette-type="mail-send"]');
    await paletteNode.waitFor({ state: 'visible', timeout: 30000 });
    const palette = await page.evaluate(() => {
        const out = {};
        document.querySelectorAll('.red-ui-palette-node[data-palette-type^="mail-"]').forEach((n) => {
            const category = n.closest('.red-ui-palette-category');
            out[n.getAttribute('data-palette-type')] = {
                label: n.querySelector('.red-ui-palette-label').textContent.trim(),
                category: category ? category.querySelector('.red-ui-palette-header span').textContent.trim() : null
            };
        });
        return out;
    });
    await page.screenshot({ path: path.join(shots, `palette-${lang}.png`) });

    // Drag it onto the workspace as a user would.
    await paletteNode.scrollIntoViewIfNeeded();
    const from = await paletteNode.boundingBox();
    const chart = await page.locator('#red-ui-workspace-chart').boundingBox();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(chart.x + 300, chart.y + 200, { steps: 15 });
    await page.mouse.up();
    const placed = page.locator('#red-ui-workspace-chart g.red-ui-flow-node-group').first();
    await placed.waitFor({ timeout: 10000 });
    await placed.locator('rect.red-ui-flow-node').dblclick();
    await page.locator('#dialog-form .mailblock-port').first().waitFor({ state: 'visible', timeout: 10000 });
    await settled(page, '.red-ui-tray');

    const dialog = await page.evaluate(() => {
        const form = document.querySelector('#dialog-form');
        const groups = [...form.querySelectorAll('.mailblock-group')].map((g) => ({
            id: g.getAttribute('data-group'),
            title: (g.querySelector('.mailblock-group-title') || { textContent: '' }).textContent.trim(),
            ports: [...g.querySelectorAll('.mailblock-port')].map((row) => ({
                id: row.getAttribute('data-port'),
                kind: row.getAttribute('data-kind'),
                label: row.querySelector('label').textContent.trim(),
                tip: row.querySelector('.mailblock-tip').textContent.trim(),
                typed: !!row.querySelector('.red-ui-typedInput-container'),
                password: !!row.querySelector('input[type=password]'),
                select: !!row.querySelector('select'),
                visible: row.offsetParent !== null
            }))
        }));
        return { groups, title: document.querySelector('.red-ui-tray-titlebar').textContent.trim() };
    });
    await page.screenshot({ path: path.join(shots, `dialog-${lang}.png`) });

    // Error level Handle gives the node its error output; the red triangle: required ports are empty.
    await page.locator('#node-input-error_level').selectOption('Handle');
    await page.locator('#node-dialog-ok').click();
    await page.locator('#dialog-form').waitFor({ state: 'detached', timeout: 10000 });
    const invalid = await page.evaluate(() => {
        const n = RED.nodes.filterNodes({ type: 'mail-send' })[0];
        return { valid: n.valid, errors: n.validationErrors || [], outputs: n.outputs,
            settingsLanguage: RED.nodes.getType('mailblock-settings').defaults.language.value };
    });
    const help = await page.evaluate(() => {
        const el = document.querySelector('script[data-help-name="mail-send"]');
        return el ? el.innerHTML.slice(0, 2000) : null;
    });
    console.log(JSON.stringify({ palette, dialog, invalid, help, problems }));
    await browser.close();
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
