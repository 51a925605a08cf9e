// The app runs under its Content-Security-Policy with nothing refused: the demo imports, scores with multi-threaded
// WASM, and shows thumbnails; the headers forbid framing and MIME sniffing; a refused endpoint is named.

import { expect, test } from '@playwright/test';

test('CSP and security headers: the demo scores with no violation; a request to an origin not allowed is named', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { violations: string[] }).violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { violations: string[] }).violations.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
  });
  const response = await page.goto('/?backend=wasm');
  const headers = response!.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(headers['content-security-policy']).not.toContain("'unsafe-eval'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  await expect(page.getByRole('group', { name: 'Kind' }).getByTestId('count-all')).toHaveText('200', { timeout: 60_000 });
  await page.keyboard.press('s');
  await expect(page.getByRole('status')).toContainText('Scored 164 of 164 pairs', { timeout: 120_000 });
  await expect(page.getByTestId('cell').locator('img').first()).toBeVisible();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);

  // An origin the policy does not name (the e2e server allows http://127.0.0.1:* only).
  await page.evaluate(() => fetch('http://localhost:1/x').catch(() => undefined));
  await expect(page.getByRole('status')).toContainText('Blocked by the Content-Security-Policy (connect-src): http://localhost:1/x');
});
