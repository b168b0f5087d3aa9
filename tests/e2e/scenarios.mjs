// The end-to-end scenarios of the core loop, as a person does them in the browser.
import assert from 'node:assert/strict';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

function postOk(page, suffix) {
  return page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(suffix), { timeout: 15_000 })
    .then((r) => {
      assert.equal(r.status(), 200, `${suffix} answered ${r.status()}`);
      return r;
    });
}

async function attach(page, field, name) {
  await page.getByTestId(`field-${field}`).setInputFiles({ name, mimeType: 'application/pdf', buffer: PDF });
  await page.getByTestId(`files-${field}`).getByTestId('file-item').filter({ hasText: name }).waitFor();
}

/** Registers a matter through the generated form; returns { id, number }. */
async function register(h, user, typeCode, fill) {
  const page = await h.as(user);
  await page.getByTestId('nav-new').click();
  await page.getByTestId(`matter-type-${typeCode}`).click();
  await page.getByTestId('field-person_name').waitFor();
  await fill(page);
  await h.screenshot(page, `register-${typeCode}`);
  await Promise.all([postOk(page, '/submit'), page.getByTestId('btn-submit').click()]);
  await page.waitForURL(/\/matters\/[0-9a-f]+$/);
  const number = (await page.getByTestId('matter-number').textContent()).trim();
  assert.match(number, /^联办〔\d{4}〕\d{5}号$/);
  await h.screenshot(page, 'matter-page-after-submit');
  return { id: page.url().split('/').pop(), number };
}

/** Opens the matter from the user's 待办 list. */
async function openFromTodo(h, user, number, shot) {
  const page = await h.as(user);
  await page.getByTestId('nav-todo').click();
  const row = page.getByTestId('worklist-row').filter({ hasText: number }).first();
  await row.waitFor();
  if (shot) await h.screenshot(page, shot);
  await row.click();
  await page.getByTestId('matter-status').waitFor();
  return page;
}

/** Claims (if needed) and approves or returns the user's task on the matter. */
async function act(h, user, number, action, text) {
  const page = await openFromTodo(h, user, number);
  const panel = page.locator('[data-testid^="task-panel-"]').first();
  await panel.waitFor();
  const claim = panel.getByTestId('btn-claim');
  if (await claim.count() > 0) {
    await Promise.all([postOk(page, '/claim'), claim.click()]);
  }
  await panel.getByTestId('opinion-input').fill(text);
  const button = action === 'approve' ? 'btn-approve' : 'btn-return';
  await Promise.all([postOk(page, `/${action}`), panel.getByTestId(button).click()]);
  return page;
}

async function dispatchStatus(page, node) {
  return (await page.getByTestId(`dispatch-row-${node}`).textContent()).trim();
}

async function fillTransfer(page) {
  // The browser checks the declarative rules with the same code as the server.
  await page.getByTestId('field-id_number').fill('110105194912310021');
  await page.getByTestId('field-person_name').click();
  await page.getByTestId('error-id_number').waitFor();
  await page.getByTestId('field-person_name').fill('张三');
  await page.getByTestId('field-id_number').fill('11010519491231002X');
  await page.getByTestId('field-mobile').fill('13800138000');
  await page.getByTestId('field-transfer_type-zhuanren').check();
  await page.getByTestId('field-post_title').fill('科员');
  await page.getByTestId('field-join_date').fill('2026-12-01');
  await page.getByTestId('field-salary').fill('6800');
  await page.getByTestId('field-needs_office-yes').check();
  await page.getByTestId('field-reason').fill('工作需要，拟调入干部科');
  await attach(page, 'materials', '调入审批表.pdf');
  assert.equal(await page.getByTestId('error-id_number').count(), 0);
}

async function parallelReturnResubmitClose(h) {
  const { id, number } = await register(h, 'zzb_clerk', 'personnel_transfer', fillTransfer);

  // 人社局: clerk, then leader. 机关事务中心 approves.
  const rsj = await openFromTodo(h, 'rsj_clerk', number, 'handler-todo-list');
  await h.screenshot(rsj, 'handler-matter-page');
  await act(h, 'rsj_clerk', number, 'approve', '符合调入条件');
  await act(h, 'rsj_leader', number, 'approve', '同意');
  await act(h, 'jgswzx_clerk', number, 'approve', '已安排办公用房');

  // 财政局 returns it; the other units are not disturbed.
  const czj = await act(h, 'czj_clerk', number, 'return', '定级工资需附工资审批表');
  await czj.getByTestId('matter-status').filter({ hasText: '退回' }).waitFor();
  assert.match(await dispatchStatus(czj, 'czj'), /已退回/);
  assert.match(await dispatchStatus(czj, 'rsj'), /已完成/);
  assert.match(await dispatchStatus(czj, 'jgswzx'), /已完成/);

  // The initiator is told, corrects the salary and resubmits to 财政局 only.
  const init = await h.as('zzb_clerk');
  await h.goto(init, '/todo');
  await init.getByTestId('worklist-row').filter({ hasText: number }).first().waitFor();
  await h.screenshot(init, 'initiator-todo-returned');
  await h.goto(init, `/matters/${id}`);
  await init.getByTestId('returned-reason-czj').waitFor();
  await init.getByTestId('btn-resubmit-czj').click();
  await init.getByTestId('field-salary').waitFor();
  await init.getByTestId('field-salary').fill('7200');
  await init.getByTestId('resubmit-note').fill('已补充工资审批表');
  await attach(init, 'materials', '工资审批表.pdf');
  await Promise.all([postOk(init, '/resubmit'), init.getByTestId('btn-submit').click()]);
  await init.waitForURL(new RegExp(`/matters/${id}$`));

  // 财政局 sees exactly what changed, then approves.
  const czjAgain = await openFromTodo(h, 'czj_clerk', number);
  const changes = czjAgain.getByTestId('changes-czj');
  await changes.waitFor();
  assert.match(await changes.textContent(), /7200/);
  await h.screenshot(czjAgain, 'changes-after-resubmit');
  await act(h, 'czj_clerk', number, 'approve', '同意');

  // All units done: the initiator closes it.
  await h.goto(init, `/matters/${id}`);
  await init.getByTestId('btn-close').waitFor();
  await Promise.all([postOk(init, '/close'), init.getByTestId('btn-close').click()]);
  await init.getByTestId('matter-status').filter({ hasText: '已办结' }).waitFor();
  const timeline = await init.getByTestId('timeline-item').allTextContents();
  assert.ok(timeline.some((t) => t.includes('退回')), 'timeline shows the return');
  assert.ok(timeline.some((t) => t.includes('重新提交')), 'timeline shows the resubmission');
  await h.screenshot(init, 'matter-closed');
  await h.goto(init, '/initiated');
  await init.getByTestId('worklist-row').filter({ hasText: number }).waitFor();
  await h.screenshot(init, 'initiated-list');
}

async function sequentialEnrollment(h) {
  const { id, number } = await register(h, 'zzb_clerk', 'staff_enrollment', async (page) => {
    await page.getByTestId('field-person_name').fill('李四');
    await page.getByTestId('field-id_number').fill('11010519491231002X');
    await page.getByTestId('field-education').selectOption('shuoshi');
    await page.getByTestId('field-headcount_type').selectOption('xingzheng');
    await page.getByTestId('field-enroll_date').fill('2027-01-04');
    await page.getByTestId('field-headcount').fill('1');
    await attach(page, 'materials', '入编审批表.pdf');
  });
  // In order: the initiating unit's leader, then 人社局, then 财政局.
  const czj = await h.as('czj_clerk');
  await h.goto(czj, '/todo');
  await czj.getByTestId('worklist-empty').or(czj.getByTestId('worklist-row')).first().waitFor();
  assert.equal(await czj.getByTestId('worklist-row').filter({ hasText: number }).count(), 0, '财政局 has nothing yet');
  await act(h, 'zzb_leader', number, 'approve', '同意报送');
  await act(h, 'rsj_clerk', number, 'approve', '编制有空缺');
  await act(h, 'rsj_leader', number, 'approve', '同意');
  await act(h, 'czj_clerk', number, 'approve', '经费已落实');
  const leader = await act(h, 'czj_leader', number, 'approve', '同意');
  await h.screenshot(leader, 'sequential-last-approval');
  const init = await h.as('zzb_clerk');
  await h.goto(init, `/matters/${id}`);
  await Promise.all([postOk(init, '/close'), init.getByTestId('btn-close').click()]);
  await init.getByTestId('matter-status').filter({ hasText: '已办结' }).waitFor();
  // The bell counted the notifications the initiator received along the way.
  await h.goto(init, '/notifications');
  await init.getByTestId('notification-item').first().waitFor();
  await h.screenshot(init, 'notifications');

  // Phone width (the 浙政钉 H5 container): the same pages fit without horizontal scrolling.
  const phone = await h.as('zzb_clerk', { width: 390, height: 844 }, 'phone');
  for (const path of ['/initiated', `/matters/${id}`]) {
    await h.goto(phone, path);
    await phone.getByTestId(path === '/initiated' ? 'worklist-row' : 'matter-status').first().waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${path} overflows the phone screen by ${overflow}px`);
    await h.screenshot(phone, `phone${path.replaceAll('/', '-').slice(0, 20)}`);
  }
}

export const scenarios = [
  { name: 'parallel-return-resubmit-close', run: parallelReturnResubmitClose },
  { name: 'sequential-enrollment', run: sequentialEnrollment },
];
