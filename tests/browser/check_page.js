// Loads a built index.html in headless Chromium (the system's, through
// puppeteer-core) at phone and desktop widths, and checks what a reader
// sees: the document is no wider than the window (no sideways
// scrolling), every cell of the talk tables is inside the window, a
// cancelled talk is struck through and carries a visible badge, a moved
// talk shows its old time.  Screenshots go to SHOTS_DIR.
//
//   node check_page.js PAGE.html SHOTS_DIR CANCELLED_ID MOVED_ID
'use strict';
const path = require('path');
const os = require('os');
const fs = require('fs');
const puppeteer = require('puppeteer-core');

const [page_path, shots, cancelled_id, moved_id] = process.argv.slice(2);
const problems = [];

async function measure(page, width) {
	await page.setViewport({width, height: 900});
	await page.goto('file://' + path.resolve(page_path),
	                {waitUntil: 'load'});
	const m = await page.evaluate((cancelled_id, moved_id) => {
		const visible = (el) => {
			const r = el.getBoundingClientRect();
			const s = getComputedStyle(el);
			return r.width > 0 && r.height > 0 &&
			    s.visibility !== 'hidden' && s.display !== 'none';
		};
		const cancelled = document.getElementById(cancelled_id);
		const moved = document.getElementById(moved_id);
		const title = cancelled.querySelector('th a');
		const badge = cancelled.querySelector('.badge');
		const was = moved.querySelector('.was');
		const cells = [...document.querySelectorAll(
		    '.schedule td, .schedule tbody th')];
		const outside = cells.filter((c) => {
			const r = c.getBoundingClientRect();
			return r.width > 0 && (r.left < -0.5 ||
			    r.right > window.innerWidth + 0.5);
		}).length;
		const narrow = cells.filter((c) => {
			const r = c.getBoundingClientRect();
			return c.textContent.trim() !== '' && r.width < 40;
		}).length;
		return {
			inner: window.innerWidth,
			scroll: document.documentElement.scrollWidth,
			body_scroll: document.body.scrollWidth,
			cells: cells.length, outside, narrow,
			struck: getComputedStyle(title).textDecorationLine,
			cell_struck: getComputedStyle(title.closest('th'))
			    .textDecorationLine,
			badge: badge !== null && visible(badge) ?
			    badge.textContent : null,
			badge_bg: badge && getComputedStyle(badge).backgroundColor,
			moved_badge: moved.querySelector('.badge') &&
			    moved.querySelector('.badge').textContent,
			was: was !== null && visible(was) ? was.textContent : null,
		};
	}, cancelled_id, moved_id);
	await page.screenshot({path: path.join(shots, `page-${width}.png`),
	                       fullPage: true});
	// And the rows around the cancelled talk, for a person to look at.
	const row = await page.$('[id="' + cancelled_id + '"]');
	const box = await row.boundingBox();
	await page.screenshot({
		path: path.join(shots, `page-${width}-cancelled.png`),
		clip: {x: 0, y: Math.max(0, box.y - 250), width,
		       height: box.height + 500},
	});
	return m;
}

(async () => {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'crier-chromium-'));
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		userDataDir: profile,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
		       '--no-first-run', '--disable-background-networking',
		       '--disable-component-update', '--disable-sync'],
	});
	try {
		const page = await browser.newPage();
		await page.setJavaScriptEnabled(false);
		fs.mkdirSync(shots, {recursive: true});
		for (const width of [400, 1280]) {
			const m = await measure(page, width);
			console.log(`${width}px: ` + JSON.stringify(m));
			const at = `${width}px: `;
			if (m.scroll > m.inner || m.body_scroll > m.inner)
				problems.push(at + `document ${m.scroll}px wide in a ` +
				              `${m.inner}px window`);
			if (m.outside > 0)
				problems.push(at + `${m.outside} table cells outside the window`);
			if (m.narrow > 0)
				problems.push(at + `${m.narrow} table cells under 40px wide`);
			if (!m.struck.includes('line-through') &&
			    !m.cell_struck.includes('line-through'))
				problems.push(at + 'the cancelled talk is not struck through');
			if (m.badge !== 'Cancelled')
				problems.push(at + 'no visible Cancelled badge');
			if (m.moved_badge !== 'Moved' || m.was === null ||
			    !m.was.startsWith('was '))
				problems.push(at + 'the moved talk does not show its old time');
		}
	} finally {
		await browser.close();
		fs.rmSync(profile, {recursive: true, force: true});
	}
	for (const p of problems)
		console.log('check_page: ' + p);
	process.exit(problems.length > 0 ? 1 : 0);
})().catch((e) => {
	console.log('check_page: ' + e);
	process.exit(1);
});
