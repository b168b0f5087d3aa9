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
  await page.getByTestId('btn-submit').waitFor();
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
  if (action === 'approve') {
    await Promise.all([postOk(page, '/approve'), panel.getByTestId('btn-approve').click()]);
  } else {
    // 退回 opens its form with the opinion as the reason, sent to the initiator by default.
    await panel.getByTestId('btn-return').click();
    assert.equal(await panel.getByTestId('return-reason').inputValue(), text);
    await Promise.all([postOk(page, '/return'), panel.getByTestId('btn-return-confirm').click()]);
  }
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

/** Fills an input and leaves it, so `change` handlers run. */
async function enter(page, testid, value) {
  await page.getByTestId(testid).fill(value);
  await page.getByTestId(testid).press('Tab');
}

/** The designer's canvas: adds a field from the palette and names it. */
async function addField(page, kind, label, key) {
  await page.getByTestId(`palette-${kind}`).click();
  await page.getByTestId('prop-label').fill(label);
  await enter(page, 'prop-key', key);
  await page.getByTestId(`canvas-field-${key}`).waitFor();
}

/** A handling unit's drawer: the unit and its one step's post. */
async function setUnit(page, node, unit) {
  await page.getByTestId(`flow-node-${node}`).click();
  await page.getByTestId('node-prop-unit').selectOption(`fixed:${unit}`);
  await page.getByTestId('node-prop-step-0-post').selectOption('clerk');
}

/** Reads a matter through the API in the page's session. */
async function matterJson(page, id) {
  return page.evaluate(async (mid) => (await fetch(`/api/v1/matters/${mid}`)).json(), id);
}

async function designPublishRegister(h) {
  // A business administrator relabels an item of the 人员类别 dictionary (items are never deleted).
  const page = await h.as('designer');
  await page.getByTestId('nav-dicts').click();
  await page.getByTestId('dict-staff_category').click();
  await page.waitForURL(/\/dicts\/staff_category$/);
  await enter(page, 'dict-item-4-label', '编外聘用人员');
  assert.equal(await page.getByTestId('dict-item-0-remove').count(), 0, 'saved items cannot be removed');
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/admin/dicts/staff_category') && r.request().method() === 'PUT' && r.ok()),
    page.getByTestId('btn-save-dict').click(),
  ]);
  await page.getByTestId('notice').filter({ hasText: '已保存' }).waitFor();
  await h.screenshot(page, 'dictionary-editor');

  // Then designs 差旅费用报销 while the server runs.
  await page.getByTestId('nav-designs').click();
  await page.getByTestId('design-personnel_transfer').waitFor();
  await page.getByTestId('new-type-code').fill('trip_expense');
  await page.getByTestId('new-type-name').fill('差旅费用报销');
  await page.getByTestId('new-type-category').fill('财务');
  await page.getByTestId('btn-new-type').click();
  await page.waitForURL(/\/designs\/trip_expense$/);
  await page.getByTestId('type-initiator-zzb').check();
  await enter(page, 'type-time-limit', '5');
  await enter(page, 'type-guide', '出差结束后10个工作日内报销。');
  await page.getByTestId('material-add').click();
  await enter(page, 'material-0-name', '行程单');
  await page.getByTestId('material-0-sample-file').setInputFiles({ name: '行程单样表.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByTestId('material-0-sample-name').filter({ hasText: '行程单样表.pdf' }).waitFor();

  await page.getByTestId('tab-form').click();
  await addField(page, 'text', '出差事由', 'reason');
  await page.getByTestId('prop-required').check();
  await addField(page, 'number', '里程（公里）', 'distance');
  // Options from the code dictionary instead of inline ones.
  await addField(page, 'select', '出差人员类别', 'staff');
  await page.getByTestId('prop-option-source').selectOption('dict');
  await page.getByTestId('prop-dict').selectOption('staff_category');
  await page.getByTestId('prop-dict-items').filter({ hasText: '编外聘用人员' }).waitFor();
  await addField(page, 'table', '费用明细', 'items');
  await addField(page, 'computed', '合计', 'total');
  assert.equal(await page.getByTestId('prop-formula-column').inputValue(), 'amount', 'the total sums the amount column');
  await h.screenshot(page, 'form-designer');

  // A cross-field Rhai rule: errors are underlined while typing; its test must pass.
  await page.getByTestId('tab-rules').click();
  await page.getByTestId('rule-add').click();
  await enter(page, 'rule-name', 'long_trip_total');
  await page.getByTestId('rule-source').fill('form.distance >\n  > 100');
  await page.getByTestId('rule-source-error').filter({ hasText: '第2行' }).waitFor();
  await page.getByTestId('rule-source').fill(
    'if form.distance != () && form.distance > 100 && form.total < 100 {\n  #{ field: "items", message: "长途出差的费用合计不应低于100元" }\n}');
  await page.getByTestId('rule-source-ok').waitFor();
  await page.getByTestId('rule-test-add').click();
  await enter(page, 'rule-test-0-form', '{"distance": 300, "total": 50}');
  await page.getByTestId('rule-test-0-expect').selectOption('fail');
  await page.getByTestId('rule-test-run').click();
  await page.getByTestId('rule-test-0-result').filter({ hasText: '✓ 通过' }).waitFor();
  await h.screenshot(page, 'rule-editor');

  // The form preview checks the declarative rules in the browser and the Rhai rule in the server.
  await page.getByTestId('tab-form').click();
  await page.getByTestId('btn-preview').click();
  await page.getByTestId('field-reason').fill('预览');
  await page.getByTestId('field-distance').fill('300');
  await page.getByTestId('field-items-add-row').click();
  await page.getByTestId('field-items-0-item').fill('交通');
  await page.getByTestId('field-items-0-amount').fill('50');
  await page.getByTestId('btn-preview-check').click();
  await page.getByTestId('error-items').filter({ hasText: '不应低于100元' }).waitFor();
  await h.screenshot(page, 'form-preview');
  await page.getByTestId('btn-preview').click();

  // The flow: long trips go to 机关事务中心 first, then 发改局 and 财政局 in parallel.
  await page.getByTestId('tab-flow').click();
  await page.getByTestId('flow-add-0').click();
  await page.getByTestId('flow-add-menu-condition').click();
  await page.getByTestId('flow-branch-condition_1-0').click();
  await page.getByTestId('cond-add-root').click();
  await page.getByTestId('cond-field-0').selectOption('distance');
  await page.getByTestId('cond-op-0').selectOption('gt');
  await enter(page, 'cond-value-0', '100');
  await page.getByTestId('flow-add-0-b0-0').click();
  await page.getByTestId('flow-add-menu-unit').click();
  await setUnit(page, 'unit_1', 'jgswzx');
  await page.getByTestId('flow-add-1').click();
  await page.getByTestId('flow-add-menu-parallel').click();
  await setUnit(page, 'unit_2', 'fgj');
  await setUnit(page, 'unit_3', 'czj');
  await h.screenshot(page, 'flow-designer');

  // Simulation by the server's runtime: a long trip passes 机关事务中心.
  await page.getByTestId('tab-simulate').click();
  await page.getByTestId('sim-values').fill('{"reason": "赴省厅", "distance": 320, "items": [{"item": "交通", "amount": 300}]}');
  await page.getByTestId('sim-initiator').selectOption('zzb_clerk');
  await page.getByTestId('btn-simulate').click();
  await page.getByTestId('sim-completed').waitFor();
  assert.match(await page.getByTestId('sim-task-0').textContent(), /机关事务中心/);
  await h.screenshot(page, 'simulation');

  await Promise.all([postOk(page, '/publish'), page.getByTestId('btn-publish').click()]);
  await page.getByTestId('design-notice').filter({ hasText: '已发布第1版' }).waitFor();

  // A clerk of 组织部 registers a long trip at once — no build, no restart.
  const clerk = await h.as('zzb_clerk');
  await clerk.getByTestId('nav-new').click();
  await clerk.getByTestId('catalog-search').fill('差旅');
  await clerk.getByTestId('matter-type-personnel_transfer').waitFor({ state: 'detached' });
  await clerk.getByTestId('matter-type-trip_expense').click();
  await clerk.getByTestId('field-reason').fill('赴省厅汇报');
  await clerk.getByTestId('field-distance').fill('320');
  await clerk.getByTestId('field-staff').selectOption({ label: '编外聘用人员' });
  // 下载样表: the template the designer uploaded, downloadable by the clerk.
  const sample = await clerk.getByTestId('sample-material_1').getAttribute('href');
  const download = await clerk.evaluate(async (href) => {
    const r = await fetch(href);
    return { status: r.status, size: (await r.arrayBuffer()).byteLength };
  }, sample);
  assert.deepEqual(download, { status: 200, size: PDF.length }, 'the sample downloads');
  await clerk.getByTestId('field-items-add-row').click();
  await clerk.getByTestId('field-items-0-item').fill('交通');
  await clerk.getByTestId('field-items-0-amount').fill('50');
  await clerk.getByTestId('computed-total').filter({ hasText: '50' }).waitFor();
  await clerk.getByTestId('guide').filter({ hasText: '10个工作日内' }).waitFor();
  // The materials checklist: 行程单 is required.
  await clerk.getByTestId('btn-submit').click();
  await clerk.getByTestId('error-material_1').filter({ hasText: '请上传行程单' }).waitFor();
  await attach(clerk, 'material_1', '行程单.pdf');
  // The Rhai rule refuses the total; the message lands on the table.
  await clerk.getByTestId('btn-submit').click();
  await clerk.getByTestId('error-items').filter({ hasText: '不应低于100元' }).waitFor();
  await clerk.getByTestId('field-items-0-amount').fill('320.5');
  await clerk.getByTestId('computed-total').filter({ hasText: '320.5' }).waitFor();
  await h.screenshot(clerk, 'register-designed-type');
  await Promise.all([postOk(clerk, '/submit'), clerk.getByTestId('btn-submit').click()]);
  await clerk.waitForURL(/\/matters\/[0-9a-f]+$/);
  const id = clerk.url().split('/').pop();
  const number = (await clerk.getByTestId('matter-number').textContent()).trim();
  let matter = await matterJson(clerk, id);
  assert.equal(matter.type_version, 1);
  assert.deepEqual(matter.dispatches.map((d) => d.node), ['unit_1'], 'the long trip went to 机关事务中心 first');

  // Version 2 is published while the matter runs.
  await page.getByTestId('tab-basic').click();
  await enter(page, 'type-time-limit', '3');
  await Promise.all([postOk(page, '/publish'), page.getByTestId('btn-publish').click()]);
  await page.getByTestId('design-notice').filter({ hasText: '已发布第2版' }).waitFor();

  await act(h, 'jgswzx_clerk', number, 'approve', '车辆已安排');
  await act(h, 'fgj_clerk', number, 'approve', '同意');
  await act(h, 'czj_clerk', number, 'approve', '经费可列支');
  await h.goto(clerk, `/matters/${id}`);
  await Promise.all([postOk(clerk, '/close'), clerk.getByTestId('btn-close').click()]);
  await clerk.getByTestId('matter-status').filter({ hasText: '已办结' }).waitFor();
  matter = await matterJson(clerk, id);
  assert.equal(matter.type_version, 1, 'the running matter finished on version 1');
  // The matter page draws its version's flow with every node marked.
  const diagram = clerk.getByTestId('matter-flow');
  const mark = async (node) => diagram.getByTestId(`flow-node-${node}`).locator('[data-mark]').getAttribute('data-mark');
  assert.deepEqual([await mark('unit_1'), await mark('unit_2'), await mark('unit_3')], ['done', 'done', 'done']);
  await h.screenshot(clerk, 'designed-type-closed');
  await h.goto(clerk, '/new');
  await clerk.getByTestId('matter-type-trip_expense').filter({ hasText: '版本 2' }).waitFor();
}

/**
 * The notification center: a user's settings (a fixed switch, a stored mute), a live
 * notification that opens the matter focused on the task, and the administrators' delivery log
 * with a retry. 浙政钉 points at a closed loopback port, so its notices fail and wait for retries.
 */
/** The 通知模板 row of `kind` on `channel`. */
function templateRow(page, kind, channel) {
  return page.locator(`[data-testid="template-row"][data-kind="${kind}"][data-channel="${channel}"]`);
}

/**
 * The administrator rewords the in-app 新的待办 on the 通知模板 page: an unknown variable is
 * refused with the Chinese reason (in the live preview and on saving), then a valid text — a
 * variable inserted from the list at the cursor — previews and saves.
 */
async function rewordTodoTemplate(h, admin) {
  await admin.getByTestId('nav-notify-templates').click();
  const row = templateRow(admin, 'todo', 'inapp');
  await row.waitFor();
  assert.equal(await row.getAttribute('data-origin'), 'embedded');
  assert.equal(await admin.getByTestId('template-row').count(), 24, '12 kinds × 2 channels');
  await admin.getByTestId('btn-edit-template-todo-inapp').click();
  const text = admin.getByTestId('template-text');
  await admin.getByTestId('template-preview-title').filter({ hasText: '新的待办：张三调入' }).waitFor();
  assert.equal(await text.inputValue(), (await admin.getByTestId('template-default').textContent()));

  await text.fill('{% if part == "title" %}请尽快办理：{{ applicant }}{% else %}正文{% endif %}');
  await admin.getByTestId('template-preview-error').filter({ hasText: '变量「applicant」不存在' }).waitFor();
  await Promise.all([
    admin.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/notification-templates/todo/inapp') && r.status() === 422),
    admin.getByTestId('btn-save-template').click(),
  ]);
  const refused = admin.getByTestId('template-save-error');
  await refused.waitFor();
  assert.match(await refused.textContent(), /模板无法用示例数据渲染：变量「applicant」不存在/);
  await h.screenshot(admin, 'template-refused');
  // Opening another template asks before the unsaved text is thrown away; declining keeps it.
  const asked = new Promise((resolve) => admin.once('dialog', (d) => { resolve(d.message()); d.dismiss(); }));
  await admin.getByTestId('btn-edit-template-todo-zwdd').click();
  assert.match(await asked, /未保存的修改/);
  assert.match(await admin.getByTestId('template-editor').textContent(), /新的待办 · 站内消息/);
  assert.match(await text.inputValue(), /applicant/);

  await text.fill('{% if part == "title" %}请尽快办理：{{ title }}{% else %}「{{ type_name }}」已送达，环节：{% endif %}');
  await text.evaluate((el) => {
    const at = el.value.indexOf('{% endif %}');
    el.setSelectionRange(at, at);
  });
  await admin.getByTestId('btn-var-step').click();
  const valid = '{% if part == "title" %}请尽快办理：{{ title }}{% else %}「{{ type_name }}」已送达，环节：{{ step }}{% endif %}';
  assert.equal(await text.inputValue(), valid, 'the variable went in at the cursor');
  await admin.getByTestId('template-preview-body').filter({ hasText: '「人员调入联办」已送达，环节：经办人审核' }).waitFor();
  assert.equal((await admin.getByTestId('template-preview-title').textContent()).trim(), '请尽快办理：张三调入');
  await Promise.all([
    admin.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/notification-templates/todo/inapp') && r.status() === 200),
    admin.getByTestId('btn-save-template').click(),
  ]);
  await admin.getByTestId('notice').filter({ hasText: '已保存' }).waitFor();
  await admin.locator('[data-testid="template-row"][data-kind="todo"][data-channel="inapp"][data-origin="custom"]').waitFor();
  assert.match(await row.textContent(), /自定义.*请尽快办理：张三调入.*admin/);
  assert.equal(await admin.getByTestId('template-save-error').count(), 0);
  await h.screenshot(admin, 'template-saved');
}

/** 恢复默认 on the in-app 新的待办, behind its confirmation. */
async function resetTodoTemplate(h, admin) {
  await admin.getByTestId('nav-notify-templates').click();
  await admin.getByTestId('btn-edit-template-todo-inapp').click();
  await admin.getByTestId('btn-reset-template').click();
  await admin.getByTestId('btn-reset-template-cancel').click();
  await admin.getByTestId('btn-reset-template').click();
  await Promise.all([
    admin.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().endsWith('/notification-templates/todo/inapp') && r.status() === 200),
    admin.getByTestId('btn-reset-template-confirm').click(),
  ]);
  await admin.getByTestId('notice').filter({ hasText: '已恢复默认' }).waitFor();
  await admin.locator('[data-testid="template-row"][data-kind="todo"][data-channel="inapp"][data-origin="embedded"]').waitFor();
  assert.equal(await admin.getByTestId('btn-reset-template').count(), 0, 'nothing left to reset');
  await admin.getByTestId('template-preview-title').filter({ hasText: '新的待办：张三调入' }).waitFor();
}

async function notificationCenter(h) {
  const clerk2 = await h.as('rsj_clerk2');
  await clerk2.getByTestId('bell').click();
  await clerk2.getByTestId('link-notify-settings').click();
  const todoInapp = clerk2.getByTestId('pref-todo-inapp');
  await todoInapp.waitFor();
  assert.ok(await todoInapp.isDisabled(), '新的待办 cannot be muted in-app');
  assert.ok(await todoInapp.isChecked());
  await Promise.all([
    clerk2.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/notifications/preferences')),
    clerk2.getByTestId('pref-cc-inapp').uncheck(),
  ]);
  await clerk2.getByTestId('prefs-saved').waitFor();
  await h.screenshot(clerk2, 'notify-settings');
  await clerk2.reload();
  await clerk2.getByTestId('pref-cc-inapp').waitFor();
  assert.equal(await clerk2.getByTestId('pref-cc-inapp').isChecked(), false, 'the mute was stored');

  // The administrator rewords the in-app 新的待办 before the matter arrives.
  const admin = await h.as('admin');
  await rewordTodoTemplate(h, admin);

  // rsj_clerk is online when the matter arrives: the toast comes live, the bell counts it.
  const rsj = await h.as('rsj_clerk');
  await h.goto(rsj, '/notifications');
  await rsj.getByTestId('page-title').waitFor();
  const { id } = await register(h, 'zzb_clerk', 'personnel_transfer', fillTransfer);
  await rsj.getByTestId('toast').waitFor();
  await rsj.getByTestId('bell-count').filter({ hasText: /^1$/ }).waitFor();
  // It says what the administrator's template says.
  assert.match(await rsj.getByTestId('toast').textContent(), /请尽快办理：/);
  await h.screenshot(rsj, 'notification-live');
  // Clicking the notification opens the matter focused on the new task.
  await h.goto(rsj, '/notifications');
  const item = rsj.getByTestId('notification-item').first();
  assert.match(await item.textContent(), /请尽快办理：.*「人员调入联办」已送达，环节：\S+/);
  await item.click();
  await rsj.waitForURL(new RegExp(`/matters/${id}\\?task=\\d+$`));
  await rsj.locator('[data-testid^="task-panel-"][data-focused="true"]').waitFor();
  await rsj.locator('[data-testid="bell-count"].zero').waitFor({ state: 'attached' });
  await h.screenshot(rsj, 'notification-opens-task');

  // The administrator sees the failed 浙政钉 notices and queues one again.
  await admin.getByTestId('nav-deliveries').click();
  await admin.getByTestId('delivery-row').first().waitFor();
  await h.screenshot(admin, 'deliveries');
  // The dispatcher tries 浙政钉 right after the commit; reload until its failure is recorded.
  const failed = admin.locator('[data-testid="delivery-row"][data-status="failed"]');
  for (let i = 0; i < 30; i++) {
    await admin.getByTestId('delivery-filter-status').selectOption('failed');
    await admin.getByTestId('delivery-row').or(admin.getByTestId('delivery-empty')).first().waitFor();
    if ((await failed.count()) > 0) break;
    await new Promise((r) => setTimeout(r, 500));
    await h.goto(admin, '/admin/deliveries');
  }
  await failed.first().waitFor();
  assert.match(await failed.first().textContent(), /网关无法访问/);
  const retried = await failed.first().getAttribute('data-id');
  await Promise.all([
    admin.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/retry') && r.status() === 200),
    failed.first().getByTestId(`btn-retry-${retried}`).click(),
  ]);
  await admin.getByTestId('notice').filter({ hasText: '已重新排队' }).waitFor();
  // A fresh round of attempts: 8 more than it has made (1).
  await admin.getByTestId('delivery-filter-status').selectOption('');
  await admin.locator(`[data-testid="delivery-row"][data-id="${retried}"]`).filter({ hasText: '/9' }).waitFor();
  await h.screenshot(admin, 'deliveries-retried');

  await resetTodoTemplate(h, admin);
}

/** The expected due date on the registration page: a date, or the missing-year message. */
async function expectedDue(page) {
  const box = page.getByTestId('expected-due');
  await box.getByTestId('expected-due-value').or(box.getByTestId('expected-due-error')).waitFor();
  return (await box.textContent()).trim();
}

async function workingCalendar(h) {
  // Registration shows when the matter would be due (10 working days for 人员调入联办).
  const clerk = await h.as('zzb_clerk');
  await clerk.getByTestId('nav-new').click();
  await clerk.getByTestId('matter-type-personnel_transfer').click();
  const shown = await expectedDue(clerk);
  assert.match(shown, /预计办结时限：(\d{4}-\d{2}-\d{2} 17:30 前|暂时无法计算：.*年的节假日安排)/, shown);
  assert.match(shown, /10 个工作日|暂时无法计算/);
  await h.screenshot(clerk, 'register-expected-due');
  assert.equal(await clerk.getByTestId('nav-calendar').count(), 0, 'clerks have no calendar menu');

  // The administrator opens 工作日历: the vendored years are listed.
  const admin = await h.as('admin');
  await admin.getByTestId('nav-calendar').click();
  await admin.getByTestId('calendar-year-2026').waitFor();
  assert.match(await admin.getByTestId('calendar-year-2026').textContent(), /33 天.*6 天.*内置数据/);
  await h.screenshot(admin, 'calendar');

  // Entering 2027: a makeup workday on a Tuesday is refused on its row, then fixed.
  await admin.getByTestId('new-year').fill('2027');
  await admin.getByTestId('btn-new-year').click();
  const editor = admin.getByTestId('year-editor');
  await editor.filter({ hasText: '尚未录入' }).waitFor();
  await editor.getByTestId('btn-add-holidays').click();
  await editor.getByTestId('day-date-holidays-0').fill('2027-01-01');
  await editor.getByTestId('day-name-holidays-0').fill('元旦');
  await editor.getByTestId('btn-add-workdays').click();
  await editor.getByTestId('day-date-workdays-0').fill('2027-01-05');
  await editor.getByTestId('day-name-workdays-0').fill('元旦');
  await editor.getByTestId('btn-save-year').click();
  await editor.getByText('调休上班日应为周六或周日').waitFor();
  await h.screenshot(admin, 'calendar-year-refused');
  await editor.getByTestId('btn-remove-workdays-0').click();
  await Promise.all([
    admin.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/admin/calendar/years/2027') && r.status() === 200),
    editor.getByTestId('btn-save-year').click(),
  ]);
  await editor.getByTestId('notice').waitFor();
  await admin.getByTestId('calendar-year-2027').filter({ hasText: '管理员' }).waitFor();
  const due = await admin.evaluate(async () =>
    (await fetch('/api/v1/calendar/due?from=2026-12-31T10:00:00%2B08:00&amount=1&unit=WORKING_DAYS')).json());
  assert.equal(due.due, '2027-01-04T17:30:00+08:00', 'the boundary is computable once 2027 is entered');
  assert.equal(await admin.getByTestId('calendar-missing').filter({ hasText: '2027 年' }).count(), 0);
  await h.screenshot(admin, 'calendar-2027-entered');

  // The working hours are shown and saved.
  assert.equal(await admin.getByTestId('hours-start-0').inputValue(), '08:30');
  assert.equal(await admin.getByTestId('hours-end-1').inputValue(), '17:30');
  await Promise.all([
    admin.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/admin/calendar/hours') && r.status() === 200),
    admin.getByTestId('btn-save-hours').click(),
  ]);
}

/** Sends one admin API call in the page's session; returns the parsed answer. */
async function api(page, method, path, body) {
  const answer = await page.evaluate(async ([m, p, b]) => {
    const r = await fetch(`/api/v1${p}`, {
      method: m,
      headers: { 'content-type': 'application/json', 'x-lianban-csrf': '1' },
      body: b === undefined ? undefined : JSON.stringify(b),
    });
    return { status: r.status, body: await r.text() };
  }, [method, path, body]);
  assert.ok(answer.status >= 200 && answer.status < 300, `${method} ${path}: ${answer.status} ${answer.body}`);
  return answer.body ? JSON.parse(answer.body) : null;
}

/**
 * Publishes 审批操作演示 through the admin API: 发起单位领导审核 (或签), then 联合会签 by 李明
 * (人社局) and 孙丽 (财政局), a copy to 陈建国 and 周文华, and 发改局 (its leader 钱伟) last.
 */
async function publishApprovalOps(h) {
  const page = await h.as('designer');
  const def = await api(page, 'POST', '/admin/matter-types', { code: 'approval_ops', name: '审批操作演示', category: '综合' });
  def.initiator_units = ['zzb'];
  def.form = {
    schema_version: 1,
    fields: [
      { key: 'person_name', label: '姓名', required: true, kind: { type: 'text', max_len: 20 } },
      { key: 'note', label: '说明', kind: { type: 'textarea', max_len: 300 } },
    ],
  };
  def.flow = {
    schema_version: 1,
    nodes: [
      { type: 'approver', id: 'leader_check', name: '发起单位领导审核', assignee: { type: 'initiator_post', post: 'leader' }, mode: 'any' },
      { type: 'approver', id: 'countersign', name: '联合会签', assignee: { type: 'users', users: ['rsj_clerk', 'czj_clerk'] }, mode: 'all' },
      { type: 'cc', id: 'cc_leaders', name: '抄送领导', recipients: { type: 'users', users: ['zzb_leader', 'rsj_leader'] } },
      { type: 'unit', id: 'final', name: '发改局审批', unit: { type: 'fixed', unit: 'fgj' },
        steps: [{ id: 'leader', name: '分管领导审批', post: 'leader' }] },
    ],
  };
  const saved = await api(page, 'PUT', '/admin/matter-types/approval_ops/draft', def);
  assert.deepEqual(saved.issues, [], 'the definition has no issues');
  assert.deepEqual(await api(page, 'POST', '/admin/matter-types/approval_ops/publish'), { version: 1 });
}

/** Claims the user's task on the matter if needed; returns its panel. */
async function ownTask(page) {
  const panel = page.locator('[data-testid^="task-panel-"]').first();
  await panel.waitFor();
  const claim = panel.getByTestId('btn-claim');
  if (await claim.count() > 0) {
    await Promise.all([postOk(page, '/claim'), claim.click()]);
  }
  return panel;
}

async function approvalOps(h) {
  await publishApprovalOps(h);
  const { id, number } = await register(h, 'zzb_clerk', 'approval_ops', async (page) => {
    await page.getByTestId('field-person_name').fill('王五');
  });
  await act(h, 'zzb_leader', number, 'approve', '同意报送');

  // 退回 from the 会签 node to the initiator, with a coded reason.
  const rsj = await openFromTodo(h, 'rsj_clerk', number);
  let panel = await ownTask(rsj);
  await panel.getByTestId('btn-return').click();
  const target = panel.getByTestId('return-target');
  assert.equal((await target.locator('option:checked').textContent()).trim(), '发起人');
  await panel.getByTestId('return-code').locator('option[value="materials_incomplete"]').waitFor({ state: 'attached' });
  await panel.getByTestId('return-code').selectOption('materials_incomplete');
  await panel.getByTestId('btn-return-confirm').click();
  await panel.getByTestId('action-error').filter({ hasText: '退回须填写理由' }).waitFor();
  await panel.getByTestId('return-reason').fill('缺少本人签字的申请表');
  await h.screenshot(rsj, 'return-form');
  await Promise.all([postOk(rsj, '/return'), panel.getByTestId('btn-return-confirm').click()]);
  await rsj.getByTestId('matter-status').filter({ hasText: '退回' }).waitFor();
  const history = rsj.getByTestId('dispatch-returns-countersign');
  assert.match(await history.textContent(), /退回至发起人（材料不全）：缺少本人签字的申请表/);
  assert.match(await history.textContent(), /尚未重新办理/);

  // The initiator resubmits; the matter goes straight back to 联合会签, not to the leader.
  const init = await h.as('zzb_clerk');
  await h.goto(init, `/matters/${id}`);
  await init.getByTestId('btn-resubmit-countersign').click();
  await init.getByTestId('field-person_name').waitFor();
  await init.getByTestId('resubmit-note').fill('已补充签字的申请表');
  await Promise.all([postOk(init, '/resubmit'), init.getByTestId('btn-submit').click()]);
  await init.waitForURL(new RegExp(`/matters/${id}$`));
  await init.getByTestId('dispatch-returns-countersign').filter({ hasText: '已重新办理' }).waitFor();
  let matter = await matterJson(init, id);
  const pending = matter.tasks.filter((t) => t.status === 'open' || t.status === 'claimed');
  assert.deepEqual([...new Set(pending.map((t) => t.dispatch))], ['countersign'], 'straight back to 联合会签');
  assert.equal(matter.tasks.filter((t) => t.dispatch === 'leader_check').length, 1, 'the leader is not asked again');

  // 李明 approves, then withdraws the approval while nobody has acted since, and approves again.
  await act(h, 'rsj_clerk', number, 'approve', '材料齐全');
  await rsj.getByTestId('withdraw-row').waitFor();
  await rsj.getByTestId('btn-withdraw').click();
  await h.screenshot(rsj, 'withdraw-confirm');
  await Promise.all([postOk(rsj, '/withdraw'), rsj.getByTestId('btn-withdraw-confirm').click()]);
  panel = await ownTask(rsj);
  await panel.getByTestId('opinion-input').fill('材料齐全，同意');
  await Promise.all([postOk(rsj, '/approve'), panel.getByTestId('btn-approve').click()]);
  assert.ok((await matterJson(rsj, id)).timeline.some((e) => e.text.includes('撤回')), 'the timeline shows the withdrawal');

  // 孙丽 adds 何静 as a signer, removes her again (减签), then delegates to 吴国强 (委派).
  const czj = await openFromTodo(h, 'czj_clerk', number);
  panel = await ownTask(czj);
  await panel.getByTestId('btn-add-signer').click();
  await panel.getByTestId('signer-users').selectOption(['fgj_clerk']);
  assert.equal(await panel.getByTestId('signer-before').isChecked(), false);
  await Promise.all([postOk(czj, '/signers'), panel.getByTestId('btn-add-signer-confirm').click()]);
  panel = await ownTask(czj);
  await panel.getByTestId('pending-signers').filter({ hasText: '何静' }).waitFor();
  await panel.getByTestId('btn-remove-signer-fgj_clerk').click();
  await Promise.all([
    czj.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().endsWith('/signers/fgj_clerk') && r.status() === 200),
    panel.getByTestId('btn-remove-signer-confirm').click(),
  ]);
  await panel.getByTestId('pending-signers').waitFor({ state: 'detached' });
  await panel.getByTestId('btn-delegate').click();
  await panel.getByTestId('delegate-to').selectOption('czj_leader');
  await panel.getByTestId('delegate-note').fill('请核对经费来源');
  await Promise.all([postOk(czj, '/delegate'), panel.getByTestId('btn-delegate-confirm').click()]);
  const czjLeader = await openFromTodo(h, 'czj_leader', number);
  await czjLeader.getByTestId('delegated-by').filter({ hasText: '由孙丽委派，办理后交回' }).waitFor();
  assert.equal(await czjLeader.getByTestId('btn-return').count(), 0, 'a delegate cannot return');
  await act(h, 'czj_leader', number, 'approve', '经费来源已核对');
  await act(h, 'czj_clerk', number, 'approve', '同意');

  // The initiator suspends the matter: 钱伟 cannot act until it resumes.
  await h.goto(init, `/matters/${id}`);
  await init.getByTestId('btn-suspend').click();
  await init.getByTestId('suspend-reason').fill('等待申请人补充体检报告');
  await Promise.all([postOk(init, '/suspend'), init.getByTestId('btn-suspend-confirm').click()]);
  await init.getByTestId('suspended-banner').filter({ hasText: '等待申请人补充体检报告' }).waitFor();
  const fgj = await openFromTodo(h, 'fgj_leader', number);
  await fgj.getByTestId('suspended-banner').waitFor();
  await fgj.getByTestId('suspended-hint').waitFor();
  assert.equal(await fgj.getByTestId('btn-approve').count(), 0, 'no task buttons while suspended');
  assert.equal(await fgj.getByTestId('btn-resume').count(), 0, 'only the initiator resumes');
  await h.screenshot(fgj, 'suspended-handler');
  await init.getByTestId('btn-resume').click();
  await init.getByTestId('resume-note').fill('体检报告已补充');
  await Promise.all([postOk(init, '/resume'), init.getByTestId('btn-resume-confirm').click()]);
  await init.getByTestId('suspended-banner').waitFor({ state: 'detached' });

  // 陈建国 received the copy: opening the page marks it read.
  const leader = await h.as('zzb_leader');
  await Promise.all([postOk(leader, '/cc/cc_leaders/read'), h.goto(leader, `/matters/${id}`)]);
  await leader.getByTestId('cc-read-cc_leaders').filter({ hasText: '已阅 1/2' }).waitFor();

  await act(h, 'fgj_leader', number, 'approve', '同意');
  await h.goto(init, `/matters/${id}`);
  await init.getByTestId('cc-read-cc_leaders').filter({ hasText: '已阅 1/2' }).waitFor();
  await Promise.all([postOk(init, '/close'), init.getByTestId('btn-close').click()]);
  await init.getByTestId('matter-status').filter({ hasText: '已办结' }).waitFor();
  matter = await matterJson(init, id);
  const kinds = matter.timeline.map((e) => e.kind);
  for (const kind of ['returned', 'withdrawn', 'signers_added', 'signer_removed', 'delegated', 'suspended', 'resumed', 'copy_read']) {
    assert.ok(kinds.includes(kind), `the timeline records ${kind}`);
  }
  await h.screenshot(init, 'approval-ops-closed');
}

/**
 * 督办: the supervisor opens a docket on 发改局's part of an approval-ops matter from the matter
 * page; 发改局's leader answers it there; the supervisor closes it; all three steps are on the
 * timeline.
 */
async function supervisionDocket(h) {
  const designer = await h.as('designer');
  const known = await designer.evaluate(async () => (await fetch('/api/v1/matter-types/approval_ops')).status);
  if (known !== 200) await publishApprovalOps(h);
  const { id, number } = await register(h, 'zzb_clerk', 'approval_ops', async (page) => {
    await page.getByTestId('field-person_name').fill('赵六');
  });
  await act(h, 'zzb_leader', number, 'approve', '同意');
  await act(h, 'rsj_clerk', number, 'approve', '同意');
  await act(h, 'czj_clerk', number, 'approve', '同意');
  const sup = await h.as('supervisor');
  await h.goto(sup, `/matters/${id}`);
  await sup.getByTestId('btn-open-docket').click();
  await sup.getByTestId('docket-node').selectOption('final');
  await sup.getByTestId('docket-requirement').fill('请于三个工作日内办结并反馈进度');
  await sup.getByTestId('docket-reply-by').fill('2099-12-31');
  await sup.getByTestId('docket-reply-by').dispatchEvent('change');
  await Promise.all([
    sup.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/dockets') && r.status() === 201),
    sup.getByTestId('btn-docket-confirm').click(),
  ]);
  await sup.locator('[data-testid^="docket-status-"]').filter({ hasText: '待答复' }).waitFor();
  await h.screenshot(sup, 'docket-opened');

  const fgj = await h.as('fgj_leader');
  await h.goto(fgj, `/matters/${id}`);
  const reply = fgj.locator('[data-testid^="docket-reply-"]').first();
  await reply.fill('已安排专人办理，周四前办结');
  await Promise.all([postOk(fgj, '/reply'), fgj.locator('[data-testid^="btn-docket-reply-"]').first().click()]);
  await fgj.locator('[data-testid^="docket-status-"]').filter({ hasText: '已答复' }).waitFor();

  await h.goto(sup, `/matters/${id}`);
  await Promise.all([postOk(sup, '/close'), sup.locator('[data-testid^="btn-docket-close-"]').first().click()]);
  await sup.locator('[data-testid^="docket-status-"]').filter({ hasText: '已办结' }).waitFor();
  const matter = await matterJson(sup, id);
  const kinds = matter.timeline.map((e) => e.kind).filter((k) => k.startsWith('docket_'));
  assert.deepEqual(kinds, ['docket_opened', 'docket_replied', 'docket_closed']);
  await h.screenshot(sup, 'docket-closed');
}

async function overdue(h) {
  // The designer sees the default warning tiers of 人员调入联办 and can customise them.
  const designer = await h.as('designer');
  await designer.getByTestId('nav-designs').click();
  await designer.getByTestId('design-personnel_transfer').click();
  await designer.getByTestId('tiers-default').filter({ hasText: '红色预警（超期即触发，并通知单位领导、督查室）' }).waitFor();
  await designer.getByTestId('tiers-customize').click();
  assert.equal(await designer.getByTestId('tiers-2-label').inputValue(), '红色预警');
  await designer.getByTestId('tiers-add').click();
  await designer.getByTestId('tiers-3-days').waitFor();
  assert.equal(await designer.getByTestId('type-time-limit-unit').inputValue(), 'working_days');
  await h.screenshot(designer, 'warning-tiers');

  // Monday 2026-03-02 09:00: registered; each unit has 5 working days (due 03-09 17:30).
  await h.setClock('2026-03-02T09:00:00+08:00');
  const { id, number } = await register(h, 'zzb_clerk', 'personnel_transfer', fillTransfer);
  const clerk = await h.as('zzb_clerk');
  const due = clerk.getByTestId('deadline-rsj');
  await due.filter({ hasText: '2026-03-09 17:30 前' }).waitFor();
  assert.equal(await due.getByTestId('tier-red').count(), 0);
  assert.match(await clerk.getByTestId('matter-deadline').textContent(), /2026-03-16 17:30 前/);

  // A week later 人社局 has not acted: the matter is overdue and shows red in its todo list.
  const scan = await h.setClock('2026-03-10T09:00:00+08:00');
  assert.ok(scan.fired >= 3, `tiers fired: ${JSON.stringify(scan)}`);
  const handler = await h.as('rsj_clerk');
  await handler.getByTestId('nav-todo').click();
  const row = handler.getByTestId('worklist-row').filter({ hasText: number }).first();
  await row.getByTestId('tier-red').waitFor();
  assert.equal(await row.getByTestId('tier-red').textContent(), '红色预警');
  await h.screenshot(handler, 'todo-overdue-red');
  await row.click();
  await handler.getByTestId('matter-status').waitFor();
  const late = handler.getByTestId('deadline-rsj');
  await late.getByTestId('tier-red').waitFor();
  assert.match(await late.textContent(), /2026-03-09 17:30 前（已超期）/);
  await handler.getByTestId('timeline-item').filter({ hasText: '时效预警（红色预警）' }).first().waitFor();
  await h.screenshot(handler, 'matter-overdue-red');

  // 李明 is away: the administrator reassigns 人社局's task (改派) to his colleague.
  const admin = await h.as('admin');
  await h.goto(admin, `/matters/${id}`);
  const pending = admin.getByTestId('reassign-panel').locator('[data-testid^="reassign-row-"]')
    .filter({ hasText: '区人力社保局' }).first();
  await pending.locator('[data-testid^="btn-reassign-"]').click();
  await pending.getByTestId('btn-reassign-confirm').click();
  await admin.getByTestId('action-error').filter({ hasText: '请选择改派给谁' }).waitFor();
  await pending.getByTestId('reassign-to').selectOption('rsj_clerk2');
  await pending.getByTestId('reassign-note').fill('李明休假，改派办理');
  await h.screenshot(admin, 'reassign');
  await Promise.all([postOk(admin, '/transfer'), pending.getByTestId('btn-reassign-confirm').click()]);
  await admin.getByTestId('timeline-item').filter({ hasText: '李明休假，改派办理' }).first().waitFor();
  const colleague = await h.as('rsj_clerk2');
  await colleague.getByTestId('nav-todo').click();
  await colleague.getByTestId('worklist-row').filter({ hasText: number }).first().getByTestId('tier-red').waitFor();
}

/**
 * Publishes 会签联审演示: in parallel, a 会签 of 李明 (人社局) and 孙丽 (财政局), 3 working days,
 * and 发改局 (经办人 何静, then 分管领导 钱伟), 5 working days.
 */
async function publishJointCountersign(h) {
  const page = await h.as('designer');
  const def = await api(page, 'POST', '/admin/matter-types', { code: 'joint_countersign', name: '会签联审演示', category: '综合' });
  def.initiator_units = ['zzb'];
  def.form = {
    schema_version: 1,
    fields: [
      { key: 'project', label: '项目名称', required: true, kind: { type: 'text', max_len: 40 } },
      { key: 'amount', label: '申请金额（元）', required: true, kind: { type: 'amount', min: 0, max: 10000000 } },
    ],
  };
  def.flow = {
    schema_version: 1,
    nodes: [
      { type: 'parallel', id: 'joint', name: '联合审查', branches: [
        { name: '会签', nodes: [
          { type: 'approver', id: 'countersign', name: '人社财政会签', mode: 'all', time_limit_days: 3,
            assignee: { type: 'users', users: ['rsj_clerk', 'czj_clerk'] } },
        ] },
        { name: '发改审查', nodes: [
          { type: 'unit', id: 'fgj', name: '区发改局', unit: { type: 'fixed', unit: 'fgj' }, time_limit_days: 5,
            steps: [{ id: 'review', name: '经办人审核', post: 'clerk' }, { id: 'approve', name: '分管领导审批', post: 'leader' }] },
        ] },
      ] },
    ],
  };
  const saved = await api(page, 'PUT', '/admin/matter-types/joint_countersign/draft', def);
  assert.deepEqual(saved.issues, [], 'the definition has no issues');
  assert.deepEqual(await api(page, 'POST', '/admin/matter-types/joint_countersign/publish'), { version: 1 });
}

/** The pending (open or claimed) tasks of `node` in a matter's JSON. */
function pendingAt(matter, node) {
  return matter.tasks.filter((t) => t.dispatch === node && (t.status === 'open' || t.status === 'claimed'));
}

/**
 * The issue's chain in one matter: a 会签 member returns it to the initiator while 发改局 works
 * in parallel; the initiator corrects and resubmits; it goes straight back to the 会签 node and
 * 发改局's work is untouched; then 发改局 runs past its limit and shows red in its leader's todo
 * list; the supervisor opens a docket on 发改局's part, the leader answers it, and the matter
 * is closed.
 */
async function countersignReturnOverdueDocket(h) {
  await publishJointCountersign(h);
  // Monday 2026-03-02 09:00.
  await h.setClock('2026-03-02T09:00:00+08:00');
  const { id, number } = await register(h, 'zzb_clerk', 'joint_countersign', async (page) => {
    await page.getByTestId('field-project').fill('城东片区停车场改造');
    await page.getByTestId('field-amount').fill('1200000');
  });
  const init = await h.as('zzb_clerk');

  // Both signers of the 会签 node are named on the progress board.
  await h.goto(init, `/matters/${id}`);
  const board = init.getByTestId('dispatch-row-countersign');
  await board.filter({ hasText: '李明' }).filter({ hasText: '孙丽' }).waitFor();

  // 发改局's clerk approves; its leader is next.
  await act(h, 'fgj_clerk', number, 'approve', '项目已列入年度计划');
  let matter = await matterJson(init, id);
  const [fgjLeaderTask] = pendingAt(matter, 'fgj');
  assert.ok(fgjLeaderTask, '发改局 is at its leader');

  // 李明 returns it to the initiator with a coded reason: 孙丽's task is cancelled with it.
  const rsj = await openFromTodo(h, 'rsj_clerk', number);
  const panel = await ownTask(rsj);
  await panel.getByTestId('btn-return').click();
  assert.equal((await panel.getByTestId('return-target').locator('option:checked').textContent()).trim(), '发起人');
  await panel.getByTestId('return-code').locator('option[value="materials_incomplete"]').waitFor({ state: 'attached' });
  await panel.getByTestId('return-code').selectOption('materials_incomplete');
  await panel.getByTestId('return-reason').fill('申请金额与预算批复不一致');
  await Promise.all([postOk(rsj, '/return'), panel.getByTestId('btn-return-confirm').click()]);
  await rsj.getByTestId('matter-status').filter({ hasText: '退回' }).waitFor();
  matter = await matterJson(init, id);
  assert.deepEqual(pendingAt(matter, 'countersign'), [], 'no signer of the 会签 node is left waiting');
  assert.deepEqual(pendingAt(matter, 'fgj').map((t) => t.id), [fgjLeaderTask.id], '发改局 is not disturbed');
  assert.match(await dispatchStatus(rsj, 'countersign'), /已退回/);

  // The initiator corrects the amount and resubmits: straight back to the 会签 node.
  await h.goto(init, `/matters/${id}`);
  await init.getByTestId('returned-reason-countersign').waitFor();
  await init.getByTestId('btn-resubmit-countersign').click();
  await init.getByTestId('field-amount').waitFor();
  await init.getByTestId('field-amount').fill('980000');
  await init.getByTestId('resubmit-note').fill('已按预算批复更正金额');
  await Promise.all([postOk(init, '/resubmit'), init.getByTestId('btn-submit').click()]);
  await init.waitForURL(new RegExp(`/matters/${id}$`));
  await init.getByTestId('dispatch-returns-countersign').filter({ hasText: '已重新办理' }).waitFor();
  matter = await matterJson(init, id);
  assert.equal(pendingAt(matter, 'countersign').length, 2, 'both signers sign again');
  assert.deepEqual(pendingAt(matter, 'fgj').map((t) => t.id), [fgjLeaderTask.id], '发改局 keeps its task');
  assert.equal(matter.tasks.filter((t) => t.dispatch === 'fgj').length, 2, '发改局 is not asked again');
  await h.screenshot(init, 'straight-back');

  // The signers approve; 李明 sees the corrected amount.
  const again = await openFromTodo(h, 'rsj_clerk', number);
  await again.getByTestId('changes-countersign').filter({ hasText: '980000' }).waitFor();
  await act(h, 'rsj_clerk', number, 'approve', '金额已更正，同意');
  await act(h, 'czj_clerk', number, 'approve', '同意');

  // Tuesday 2026-03-10: 发改局 (due Monday 03-09 17:30) is overdue: red in 钱伟's todo list.
  const scan = await h.setClock('2026-03-10T09:00:00+08:00');
  assert.ok(scan.fired >= 1, `tiers fired: ${JSON.stringify(scan)}`);
  const leader = await h.as('fgj_leader');
  await leader.getByTestId('nav-todo').click();
  const row = leader.getByTestId('worklist-row').filter({ hasText: number }).first();
  await row.getByTestId('tier-red').waitFor();
  await h.screenshot(leader, 'todo-overdue-red');

  // The supervisor opens a docket on 发改局's part; 钱伟 answers it; the supervisor closes it.
  const sup = await h.as('supervisor');
  await h.goto(sup, `/matters/${id}`);
  await sup.getByTestId('deadline-fgj').getByTestId('tier-red').waitFor();
  await sup.getByTestId('btn-open-docket').click();
  await sup.getByTestId('docket-node').selectOption('fgj');
  await sup.getByTestId('docket-requirement').fill('已超期，请于两个工作日内办结并反馈');
  await sup.getByTestId('docket-reply-by').fill('2026-03-12');
  await sup.getByTestId('docket-reply-by').dispatchEvent('change');
  await Promise.all([
    sup.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/dockets') && r.status() === 201),
    sup.getByTestId('btn-docket-confirm').click(),
  ]);
  await sup.locator('[data-testid^="docket-status-"]').filter({ hasText: '待答复' }).waitFor();
  await row.click();
  await leader.getByTestId('matter-status').waitFor();
  const reply = leader.locator('[data-testid^="docket-reply-"]').first();
  await reply.fill('今日完成审批');
  await Promise.all([postOk(leader, '/reply'), leader.locator('[data-testid^="btn-docket-reply-"]').first().click()]);
  await leader.locator('[data-testid^="docket-status-"]').filter({ hasText: '已答复' }).waitFor();
  await h.screenshot(leader, 'docket-answered');
  await act(h, 'fgj_leader', number, 'approve', '同意');
  await h.goto(sup, `/matters/${id}`);
  await Promise.all([postOk(sup, '/close'), sup.locator('[data-testid^="btn-docket-close-"]').first().click()]);
  await sup.locator('[data-testid^="docket-status-"]').filter({ hasText: '已办结' }).waitFor();

  // A week on, the initiator's session has lapsed: they log in again and close the matter.
  const closer = await h.relogin('zzb_clerk');
  await h.goto(closer, `/matters/${id}`);
  await Promise.all([postOk(closer, '/close'), closer.getByTestId('btn-close').click()]);
  await closer.getByTestId('matter-status').filter({ hasText: '已办结' }).waitFor();
  matter = await matterJson(closer, id);
  const kinds = matter.timeline.map((e) => e.kind);
  for (const kind of ['returned', 'resubmitted', 'deadline_reached', 'docket_opened', 'docket_replied', 'docket_closed', 'closed']) {
    assert.ok(kinds.includes(kind), `the timeline records ${kind}: ${kinds.join(', ')}`);
  }
  await h.screenshot(closer, 'closed');
}

/** The 浙政钉 gateway simulator's state (notices and the log of calls). */
async function zwddState(h) {
  const r = await fetch(`${h.zwdd.base}/api/state`);
  assert.ok(r.ok, `zwdd-sim state: ${r.status}`);
  return r.json();
}

/** Waits until the gateway simulator holds a notice for `account` whose message mentions `text`. */
async function waitForNotice(h, account, text) {
  for (let i = 0; i < 150; i++) {
    const state = await zwddState(h);
    const notice = state.notices.find((n) => n.receivers.includes(account) && JSON.stringify(n.msg).includes(text));
    if (notice) return { notice, state };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no 浙政钉 notice for ${account} mentioning ${text}`);
}

/**
 * 浙政钉工作通知 through the gateway simulator: registering a matter sends 李明 (account 10003) a
 * signed work notice; he reads it in the simulator's phone inbox and its 查看办件 button opens
 * the task in Lianban. Then the gateway fails once: the next notice (to 周文华, 10004) is sent
 * again with the same bizMsgId and arrives; the log shows the failure and the acceptance.
 */
async function zwddWorkNotice(h) {
  const { id, number } = await register(h, 'zzb_clerk', 'personnel_transfer', fillTransfer);
  await waitForNotice(h, '10003', number);

  const rsj = await h.as('rsj_clerk');
  await rsj.goto(`${h.zwdd.base}/?account=10003#inbox`);
  const card = rsj.locator('article.msg').filter({ hasText: number }).first();
  await card.waitFor();
  await h.screenshot(rsj, 'zwdd-inbox');
  const link = card.locator('a.go').first();
  const href = await link.getAttribute('href');
  assert.ok(href.startsWith(`${h.base}/matters/${id}`), `the button opens the matter: ${href}`);
  const [opened] = await Promise.all([rsj.context().waitForEvent('page'), link.click()]);
  await opened.getByTestId('matter-number').filter({ hasText: number }).waitFor();
  await opened.locator('[data-testid^="task-panel-"]').first().waitFor();
  await h.screenshot(opened, 'zwdd-opens-task');
  await opened.close();
  await h.goto(rsj, '/');

  // The gateway answers 500 once; the delivery is retried with the same bizMsgId.
  const armed = await fetch(`${h.zwdd.base}/admin/fail`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'error', count: 1 }),
  });
  assert.ok(armed.ok, `arm failure: ${armed.status}`);
  await act(h, 'rsj_clerk', number, 'approve', '符合调入条件');
  const { notice, state } = await waitForNotice(h, '10004', number);
  const calls = state.calls.filter((c) => c.biz_msg_id === notice.biz_msg_id);
  assert.deepEqual(calls.map((c) => c.status), [500, 200], `one failure, then accepted: ${JSON.stringify(calls)}`);
  const admin = await h.as('admin');
  await admin.getByTestId('nav-deliveries').click();
  await admin.locator('[data-testid="delivery-row"][data-status="sent"]').first().waitFor();
}

/**
 * 对接系统: a matter reaches 自然资源和规划分局, handled in its own system (the demo system,
 * whose loopback endpoint this server does not allowlist), so its push dies with the reason;
 * the administrator registers another system and sees its secret once, reads the push log with
 * the attempts, and replays the dead push.
 */
async function openSystems(h) {
  const designer = await h.as('designer');
  const def = await api(designer, 'POST', '/admin/matter-types', { code: 'plot_review', name: '用地联审', category: '国土' });
  def.initiator_units = ['zzb'];
  def.form = {
    schema_version: 1,
    fields: [{ key: 'reason', label: '用地事由', required: true, kind: { type: 'text', max_len: 50 } }],
  };
  def.flow = {
    schema_version: 1,
    nodes: [{ type: 'unit', id: 'land', name: '自然资源和规划分局审查', unit: { type: 'fixed', unit: 'zrzyj' },
      steps: [], handling: 'own_system' }],
  };
  await api(designer, 'PUT', '/admin/matter-types/plot_review/draft', def);
  assert.deepEqual(await api(designer, 'POST', '/admin/matter-types/plot_review/publish'), { version: 1 });
  const clerk = await h.as('zzb_clerk');
  const draft = await api(clerk, 'POST', '/matters', { type_code: 'plot_review', values: { reason: '新建厂房' } });
  const submitted = await api(clerk, 'POST', `/matters/${draft.id}/submit`, { values: { reason: '新建厂房' } });

  const admin = await h.as('admin');
  await admin.getByTestId('nav-open-systems').click();
  await admin.getByTestId('system-row').first().waitFor();
  await h.screenshot(admin, 'open-systems');
  await admin.getByTestId('btn-new-system').click();
  await admin.getByTestId('system-unit').selectOption('fgj');
  await admin.getByTestId('system-name').fill('发改局投资项目审批系统');
  await admin.getByTestId('system-endpoint').fill('https://fgj-oa.example.gov.cn/lianban/events');
  await admin.getByTestId('system-types').fill('staff_enrollment');
  await Promise.all([
    admin.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/admin/external-systems') && r.status() === 201),
    admin.getByTestId('btn-save-system').click(),
  ]);
  const dialog = admin.getByTestId('secret-dialog');
  await dialog.waitFor();
  assert.match(await admin.getByTestId('secret-value').inputValue(), /^[0-9a-f]{64}$/);
  await h.screenshot(admin, 'open-systems-secret');
  await admin.getByTestId('btn-close-secret').click();
  await admin.getByTestId('system-row').filter({ hasText: '发改局投资项目审批系统' }).waitFor();
  assert.equal(await dialog.count(), 0, 'the secret is shown once');

  // 重置密钥 keeping the old secret for 72 hours, then 立即停用旧密钥.
  const systemRow = admin.getByTestId('system-row').filter({ hasText: '发改局投资项目审批系统' });
  const systemId = await systemRow.getAttribute('data-id');
  await systemRow.getByTestId(`btn-rotate-${systemId}`).click();
  await admin.getByTestId('rotate-dialog').waitFor();
  await admin.getByTestId('rotate-overlap').selectOption('72');
  await Promise.all([
    admin.waitForResponse((r) => r.url().endsWith(`/${systemId}/secret`) && r.status() === 200),
    admin.getByTestId('btn-confirm-rotate').click(),
  ]);
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /旧密钥将于 .* 失效/);
  await admin.getByTestId('btn-close-secret').click();
  const previous = admin.getByTestId(`previous-secret-${systemId}`);
  await previous.waitFor();
  assert.match(await previous.textContent(), /旧密钥将于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}.* 失效/);
  await h.screenshot(admin, 'open-systems-rotation');
  admin.once('dialog', (d) => d.accept());
  await Promise.all([
    admin.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().endsWith(`/${systemId}/previous-secret`) && r.status() === 200),
    admin.getByTestId(`btn-revoke-previous-${systemId}`).click(),
  ]);
  await admin.getByTestId('notice').filter({ hasText: '旧密钥已停用' }).waitFor();
  await previous.waitFor({ state: 'detached' });

  // The push log: the worker tries right after the commit; reload until the push is dead.
  await admin.getByTestId('tab-pushes').click();
  const dead = admin.locator('[data-testid="push-row"][data-status="dead"]');
  for (let i = 0; i < 30; i++) {
    await admin.getByTestId('push-filter-status').selectOption('dead');
    await admin.getByTestId('push-row').or(admin.getByTestId('push-empty')).first().waitFor();
    if ((await dead.count()) > 0) break;
    await new Promise((r) => setTimeout(r, 500));
    await admin.getByTestId('push-filter-status').selectOption('');
  }
  await dead.first().waitFor();
  const row = dead.first();
  assert.match(await row.textContent(), new RegExp(submitted.number));
  assert.match(await row.textContent(), /LIANBAN_OPEN_ALLOW/);
  const id = await row.getAttribute('data-id');
  await row.getByTestId(`btn-attempts-${id}`).click();
  await admin.getByTestId('push-attempts').waitFor();
  assert.match(await admin.getByTestId('push-attempts').textContent(), /无应答/);
  await h.screenshot(admin, 'open-pushes');
  await Promise.all([
    admin.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/replay') && r.status() === 200),
    row.getByTestId(`btn-replay-${id}`).click(),
  ]);
  await admin.getByTestId('notice').filter({ hasText: '已重新排队' }).waitFor();
}

/** Points the demo's 自然资源和规划分局审批系统 at the sample system this run started. */
async function pointDemoSystemAtSim(h) {
  const admin = await h.as('admin');
  const systems = await api(admin, 'GET', '/admin/external-systems');
  const demo = systems.find((s) => s.app_key === 'demo-zrzyj');
  assert.ok(demo, 'the demo system is seeded');
  await api(admin, 'PUT', `/admin/external-systems/${demo.id}`, {
    name: demo.name, endpoint: `${h.sim.base}/lianban/events`, algorithm: demo.algorithm,
    matter_types: demo.matter_types, enabled: true, revision: demo.revision,
  });
  return admin;
}

/** 发改局 registers 建设项目用地联合审查 through the generated form; returns { id, number }. */
async function registerLand(h, project) {
  const page = await h.as('fgj_clerk');
  await page.getByTestId('nav-new').click();
  await page.getByTestId('matter-type-land_review').click();
  await page.getByTestId('field-project_name').waitFor();
  await page.getByTestId('field-project_name').fill(project);
  await page.getByTestId('field-project_code').fill('2026-330108-65-01-000123');
  await page.getByTestId('field-location').fill('滨江区长河街道');
  await page.getByTestId('field-land_area').fill('86.5');
  await page.getByTestId('field-investment').fill('128000000');
  await attach(page, 'materials', '用地申请表.pdf');
  await Promise.all([postOk(page, '/submit'), page.getByTestId('btn-submit').click()]);
  await page.waitForURL(/\/matters\/[0-9a-f]+$/);
  const number = (await page.getByTestId('matter-number').textContent()).trim();
  return { id: page.url().split('/').pop(), number };
}

/** The sample system's state (`GET /api/state`). */
async function simState(h) {
  const r = await fetch(`${h.sim.base}/api/state`);
  assert.equal(r.status, 200);
  return r.json();
}

/** Waits until the sample system holds `number` (the push worker runs right after the commit). */
async function waitForSim(h, number) {
  for (let i = 0; i < 80; i++) {
    const state = await simState(h);
    if (state.matters.some((m) => m.matter.number === number)) return state;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the sample system never received ${number}: ${JSON.stringify(await simState(h))}`);
}

async function ownSystem(h) {
  await pointDemoSystemAtSim(h);
  const { id, number } = await registerLand(h, '滨江数字产业园一期');
  await waitForSim(h, number);

  // The department system's own page: 签收, two internal steps, 办结.
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  try {
    const sim = await context.newPage();
    sim.setDefaultTimeout(15_000);
    await sim.goto(h.sim.base);
    const card = () => sim.locator('article.matter').filter({ hasText: number });
    await card().waitFor();
    await card().getByRole('button', { name: '签收' }).click();
    await sim.waitForLoadState();
    for (const [name, handler, opinion] of [['科室初审', '张工', '用地符合国土空间规划'], ['局长审批', '李局', '同意']]) {
      const form = card().locator('form', { has: sim.getByRole('button', { name: '登记内部步骤' }) });
      await form.locator('input[name="name"]').fill(name);
      await form.locator('input[name="handler"]').fill(handler);
      await form.locator('input[name="opinion"]').fill(opinion);
      await form.getByRole('button', { name: '登记内部步骤' }).click();
      await sim.waitForLoadState();
    }
    await h.screenshot(sim, 'dept-system');
    await card().locator('input[name="document"]')
      .setInputFiles({ name: '用地预审批复.pdf', mimeType: 'application/pdf', buffer: PDF });
    await card().getByRole('button', { name: '办结（同意）' }).click();
    await sim.waitForLoadState();
    const calls = (await simState(h)).matters.find((m) => m.matter.number === number).dispatches[0].calls;
    assert.ok(calls.length >= 4 && calls.every((c) => c.ok), `calls: ${JSON.stringify(calls)}`);
  } finally {
    await context.close();
  }

  // 住建局 handles its share in Lianban.
  await act(h, 'zjj_clerk', number, 'approve', '建设条件具备');
  await act(h, 'zjj_leader', number, 'approve', '同意');

  // The initiator sees what the department system reported, then closes.
  const init = await h.as('fgj_clerk');
  await h.goto(init, `/matters/${id}`);
  const progress = init.getByTestId('external-zrzyj');
  await progress.waitFor();
  assert.equal(await progress.getByTestId('external-step').count(), 2);
  assert.match(await progress.textContent(), /ZR-\d{4}-\d{4}/);
  // The approval's result document, labelled under the unit's part, not among the form's files.
  const results = init.getByTestId('result-files-zrzyj');
  await results.waitFor();
  assert.match(await results.textContent(), /办理结果文件/);
  const resultFile = results.getByTestId('result-file');
  assert.equal((await resultFile.textContent()).trim(), '用地预审批复.pdf');
  assert.match(await resultFile.getAttribute('href'), /\/api\/v1\/attachments\//);
  assert.equal(await init.getByTestId('attachment-link').filter({ hasText: '用地预审批复.pdf' }).count(), 0);
  const timeline = (await init.getByTestId('timeline-item').allTextContents()).join('\n');
  assert.match(timeline, /科室初审/);
  assert.match(timeline, /局长审批/);
  await h.screenshot(init, 'own-system-progress');
  await init.getByTestId('btn-close').waitFor();
  await Promise.all([postOk(init, '/close'), init.getByTestId('btn-close').click()]);
  await init.getByTestId('matter-status').filter({ hasText: '已办结' }).waitFor();

  // Second run: the department system fails twice; Lianban retries with the same event id
  // (after 1–2 s here: the scenario shortens the backoff, since moving Lianban's clock would put
  // its signatures outside the receiver's ±300 s window) and then delivers.
  const fail = await fetch(`${h.sim.base}/admin/fail`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'error', count: 2 }),
  });
  assert.equal(fail.status, 200);
  const second = await registerLand(h, '滨江数字产业园二期');
  await waitForSim(h, second.number);
  const deliveries = (await simState(h)).deliveries;
  const failed = deliveries.filter((d) => d.status === 500);
  assert.ok(failed.length >= 2, `two failures first: ${JSON.stringify(deliveries)}`);
  const delivered = deliveries.find((d) => d.status >= 200 && d.status < 300 && d.event_id === failed[failed.length - 1].event_id);
  assert.ok(delivered, 'the retry carried the same event id and succeeded');
  const admin = await h.as('admin');
  await admin.getByTestId('nav-open-systems').click();
  await admin.getByTestId('tab-pushes').click();
  const sent = admin.locator('[data-testid="push-row"][data-status="sent"]').filter({ hasText: second.number });
  await sent.first().waitFor();
  await h.screenshot(admin, 'own-system-retries');
}

export const scenarios = [
  { name: 'parallel-return-resubmit-close', run: parallelReturnResubmitClose },
  { name: 'sequential-enrollment', run: sequentialEnrollment },
  { name: 'design-publish-register', run: designPublishRegister },
  { name: 'working-calendar', run: workingCalendar },
  { name: 'approval-ops', run: approvalOps },
  { name: 'supervision-docket', run: supervisionDocket },
  {
    name: 'notification-center',
    run: notificationCenter,
    env: {
      LIANBAN_ZWDD_BASE_URL: 'http://127.0.0.1:9',
      LIANBAN_ZWDD_APP_KEY: 'e2e-key',
      LIANBAN_ZWDD_APP_SECRET: 'e2e-secret',
      LIANBAN_ZWDD_TENANT_ID: 'e2e',
      LIANBAN_LOG: 'error',
    },
  },
  { name: 'overdue', run: overdue },
  { name: 'countersign-return-overdue-docket', run: countersignReturnOverdueDocket },
  {
    name: 'zwdd-work-notice',
    run: zwddWorkNotice,
    zwdd: true,
    env: { LIANBAN_NOTIFY_RETRY_BASE_SECONDS: '1', LIANBAN_NOTIFY_RETRY_MAX_SECONDS: '2', LIANBAN_NOTIFY_POLL_SECONDS: '1' },
  },
  { name: 'open-systems', run: openSystems },
  {
    name: 'own-system',
    run: ownSystem,
    sim: true,
    env: { LIANBAN_OPEN_ALLOW: '127.0.0.0/8', LIANBAN_OPEN_RETRY_BASE_SECONDS: '1', LIANBAN_OPEN_RETRY_MAX_SECONDS: '2' },
  },
];
