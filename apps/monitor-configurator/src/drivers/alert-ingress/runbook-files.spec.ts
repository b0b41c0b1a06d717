import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunbook, safeSegments } from './runbook-files';

describe('safeSegments', () => {
  it.each(['../x.html', 'a/../../x.html', '%2e%2e/x.html', 'a/%2E%2E/x.html', 'a/..%2fx.html', 'a%5c..%5cx.html', 'a//b.html', './a.html', 'a/%00.html', '%E0%A4%A'])(
    'refuses %s',
    (path) => expect(safeSegments(path)).toBeUndefined(),
  );

  it('decodes the segments of a path that stays inside', () => {
    expect(safeSegments('shop/Shop%20Down.html')).toEqual(['shop', 'Shop Down.html']);
  });
});

describe('readRunbook', () => {
  let stack: string;
  beforeAll(() => {
    stack = mkdtempSync(join(tmpdir(), 'jetway-runbooks-'));
    const runbooks = join(stack, 'setups', 'shop-monitoring', 'runbooks');
    mkdirSync(join(runbooks, 'shop'), { recursive: true });
    writeFileSync(join(runbooks, 'shop', 'ShopDown.html'), '<h1>ShopDown</h1>');
    writeFileSync(join(stack, 'setups', 'shop-monitoring', 'secret.html'), 'outside');
    symlinkSync(join(stack, 'setups', 'shop-monitoring', 'secret.html'), join(runbooks, 'shop', 'link.html'));
  });
  afterAll(() => rmSync(stack, { recursive: true, force: true }));

  it('serves a page as HTML', async () => {
    const file = await readRunbook(stack, 'shop-monitoring', 'shop/ShopDown.html');
    expect(file).toMatchObject({ ok: true, contentType: 'text/html; charset=utf-8' });
    expect(file.ok && file.body.toString()).toBe('<h1>ShopDown</h1>');
  });

  it('answers 404 for a page that is not there, or a setup that is not applied', async () => {
    expect(await readRunbook(stack, 'shop-monitoring', 'shop/Nope.html')).toMatchObject({ ok: false, status: 404 });
    expect(await readRunbook(stack, 'other', 'shop/ShopDown.html')).toMatchObject({ ok: false, status: 404 });
  });

  it('refuses a path that climbs out, and a symbolic link that leads out', async () => {
    expect(await readRunbook(stack, 'shop-monitoring', '../secret.html')).toMatchObject({ ok: false, status: 400 });
    expect(await readRunbook(stack, 'shop-monitoring', 'shop/link.html')).toMatchObject({ ok: false, status: 400 });
  });
});
