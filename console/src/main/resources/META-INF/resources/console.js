// The console page: draws the board the server streams (server-sent events fed by the pipeline's Kafka events)
// and sends the user's actions to /api.
'use strict';

const state = { board: null, dataset: null, job: null, jobDetail: null, jobPoll: null };
const STEPS = [
  { name: 'ingest', label: 'Ingest' }, { name: 'augment', label: 'Augment' },
  { name: 'training', label: 'Train' }, { name: 'eval', label: 'Evaluate' }];

const $ = (selector) => document.querySelector(selector);
// sent with every state-changing call: the console refuses such calls without it (a cross-site form cannot send it)
const SCRIPT_HEADER = { 'X-Requested-By': 'tunepipe-console' };
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const short = (id) => (id || '').slice(0, 8);
const num = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en'));
const pct = (x) => (x === null || x === undefined ? '–' : (100 * x).toFixed(1) + '%');
const time = (iso) => (iso ? new Date(iso).toLocaleTimeString('en-GB') : '');
const sum = (m) => Object.values(m || {}).reduce((a, b) => a + b, 0);

/** Replaces an element's content only when it changed, so rows stay put (and clickable) between updates. */
function setHtml(element, html) {
  if (element.dataset.html !== html) {
    element.dataset.html = html;
    element.innerHTML = html;
    return true;
  }
  return false;
}

function connect() {
  const source = new EventSource('api/stream');
  source.onopen = () => setConnection(true);
  source.onerror = () => setConnection(false);
  source.onmessage = (e) => render(JSON.parse(e.data));
}

function setConnection(live) {
  const pill = $('#connection');
  pill.textContent = live ? 'live' : 'reconnecting…';
  pill.className = 'pill ' + (live ? 'ok' : 'down');
}

function render(board) {
  state.board = board;
  if (!state.dataset && board.datasets.length) {
    state.dataset = board.datasets[0].id;
  }
  renderOps(board.ops);
  renderParkedOutbox();
  renderDatasets(board.datasets);
  renderJobs(board.jobs);
  renderEvaluations(board.evaluations);
  renderDatasetDetail();
  const dataset = board.datasets.find((d) => d.id === state.dataset);
  if (dataset && dataset.jobId && !state.job) {
    selectJob(dataset.jobId);
  } else if (state.job) {
    const job = board.jobs.find((j) => j.id === state.job);
    if (job && state.jobDetail && job.status !== state.jobDetail.job.status) {
      loadJob(state.job);
    }
  }
  document.body.dataset.version = board.version;
}

/** How often tunepipe up restarted a service, when it did. */
function restarts(n) {
  return n ? ` · <span class="pill bad">restarted ${num(n)}×</span>` : '';
}

function renderOps(ops) {
  setHtml($('#services'), ops.services.map((s) => `
    <div class="tile" data-service="${esc(s.name)}">
      <strong>${esc(s.name)} <span class="pill ${s.up ? 'ok' : 'bad'}">${s.up ? 'up' : 'down'}</span></strong>
      <small>${esc(s.detail)} · ${s.millis} ms · ${esc(s.url)}${restarts(s.restarts)}</small>
    </div>`).join('') + (ops.kafkaProblem ? `<div class="tile problem">${esc(ops.kafkaProblem)}</div>` : '')
    + (ops.unreadableEvents ? `<div class="tile problem">${ops.unreadableEvents} unreadable events skipped</div>` : ''));
  setHtml($('#lag tbody'), ops.lag.length ? ops.lag.map((l) => `
    <tr><td>${esc(l.group)}</td><td>${esc(l.topic)}</td><td class="n">${num(l.lag)}</td></tr>`).join('')
    : '<tr><td colspan="3" class="note">no consumer groups yet</td></tr>');
  setHtml($('#dead-letters tbody'), ops.deadLetters.length ? ops.deadLetters.map((d) => `
    <tr><td>${esc(d.topic)}</td><td class="n"><span class="pill ${d.records ? 'bad' : 'ok'}">${num(d.records)}</span></td></tr>`).join('')
    : '<tr><td colspan="2" class="note">no dead-letter topics: nothing has failed</td></tr>');
}

/** Outbox events a service gave up sending (each service's readiness data), asked for at most every 10 s. */
async function renderParkedOutbox() {
  if (Date.now() - (state.parkedAt || 0) < 10000) {
    return;
  }
  state.parkedAt = Date.now();
  const answer = await fetch('api/outbox/parked');
  if (!answer.ok) {
    return;
  }
  const services = await answer.json();
  setHtml($('#parked-outbox tbody'), services.map((s) => `
    <tr><td>${esc(s.service)}</td><td class="n">${s.problem ? esc(s.problem)
      : `<span class="pill ${s.parked ? 'bad' : 'ok'}">${num(s.parked)}</span>`}</td>
    <td>${s.rows.map((r) => `<small>${esc(r)}</small>`).join('<br>')}</td></tr>`).join(''));
}

const STAGE_CLASS = { REJECTED: 'bad', TRAINING_FAILED: 'bad', EVALUATION_FAILED: 'bad', HELD: 'held', PROMOTED: 'ok' };

function stagePill(stage) {
  return `<span class="pill ${STAGE_CLASS[stage] || 'busy'}">${stage.toLowerCase().replace('_', ' ')}</span>`;
}

/** Why a dataset ended where it did: its failure, or the reason of its model's verdict. */
function outcomeReason(d) {
  return d.problem || (d.verdict && d.verdict.reason) || '';
}

function reasonLine(d) {
  const reason = outcomeReason(d);
  return reason ? `<br><small class="reason ${STAGE_CLASS[d.stage] || ''}">${esc(reason)}</small>` : '';
}

function renderDatasets(datasets) {
  setHtml($('#datasets tbody'), datasets.length ? datasets.map((d) => `
    <tr class="clickable ${d.id === state.dataset ? 'selected' : ''}" data-id="${esc(d.id)}" data-stage="${d.stage}">
      <td><b>${esc(d.name || short(d.id))}</b><br><small class="note">${short(d.id)}</small></td>
      <td>${stagePill(d.stage)}${reasonLine(d)}</td>
      <td class="n">${num(d.rowsRead)}</td>
      <td class="n">${d.examples ? `${num(d.examples.train)} / ${num(d.examples.validation)} / ${num(d.examples.test)}` : '–'}</td>
      <td class="n">${d.rejectedByReason ? num(sum(d.rejectedByReason)) : '–'}</td>
      <td class="n">${num(d.duplicates)}</td><td class="n">${num(d.conflicts)}</td>
      <td class="n">${d.paraphrasesKept !== null ? num(d.paraphrasesKept) : d.augmentedBatches ? `${d.augmentedBatches} batches…` : '–'}</td>
      <td>${time(d.updatedAt)}</td>
    </tr>`).join('') : '<tr><td colspan="9" class="note">no datasets yet: upload a CSV above</td></tr>');
}

/** Each of the four services' step for one dataset: done, active, failed or still to come. */
function steps(d) {
  const job = d.jobId && state.board.jobs.find((j) => j.id === d.jobId);
  const ingest = d.stage === 'REJECTED' ? 'failed' : d.rowsRead !== null ? 'done' : 'active';
  const augment = d.paraphrasesKept !== null ? 'done' : ingest === 'done' ? 'active' : 'pending';
  let training = 'pending';
  if (job) {
    training = job.status === 'SUCCEEDED' ? 'done' : ['FAILED', 'CANCELLED'].includes(job.status) ? 'failed' : 'active';
  }
  const outcome = d.verdict && d.verdict.outcome;
  const evaluation = { PROMOTED: 'done', HELD: 'held', FAILED: 'failed' }[outcome]
    || (training === 'done' ? 'active' : 'pending');
  const detail = {
    ingest: d.rowsRead !== null ? `${num(d.rowsRead)} rows` : d.problem && ingest === 'failed' ? 'rejected' : 'reading…',
    augment: d.paraphrasesKept !== null ? `${num(d.paraphrasesKept)} kept of ${num(d.paraphrasesGenerated)}`
      : d.augmentedBatches ? `${d.augmentedBatches} batches` : '',
    training: job ? job.status.toLowerCase().replace('_', ' ') : '',
    eval: outcome ? outcome.toLowerCase() : training === 'done' ? 'scoring…' : '',
  };
  return STEPS.map((s) => ({ ...s, status: { ingest, augment, training, eval: evaluation }[s.name], detail: detail[s.name] }));
}

function renderDatasetDetail() {
  const d = state.board.datasets.find((x) => x.id === state.dataset);
  $('#dataset-detail').hidden = !d;
  if (!d) {
    return;
  }
  $('#dataset-title').textContent = `${d.name || d.id} — timeline across the four services`;
  setHtml($('#pipeline'), steps(d).map((s) => `
    <li class="${s.status}" data-step="${s.name}"><b>${s.label}</b>${esc(s.detail) || s.status}</li>`).join(''));
  $('#dataset-outcome').hidden = !outcomeReason(d);
  $('#dataset-outcome').className = `outcome-reason ${STAGE_CLASS[d.stage] || ''}`;
  $('#dataset-outcome').textContent = outcomeReason(d);
  setHtml($('#timeline'), d.timeline.slice().reverse().map((t) => `
    <li><time>${time(t.at)}</time><span class="svc">${esc(t.service)}</span>${esc(t.what)}</li>`).join(''));
}

function renderJobs(jobs) {
  setHtml($('#jobs tbody'), jobs.length ? jobs.map((j) => {
    const dataset = state.board.datasets.find((d) => d.id === j.datasetId);
    const final = ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(j.status);
    const actions = [
      !final ? `<button class="secondary" data-action="cancel" data-id="${esc(j.id)}">cancel</button>` : '',
      ['FAILED', 'CANCELLED'].includes(j.status) ? `<button class="secondary" data-action="retry" data-id="${esc(j.id)}">retry</button>` : '',
      j.status === 'SUCCEEDED' ? `<button class="secondary" data-action="evaluate" data-id="${esc(j.id)}">evaluate again</button>` : ''];
    return `
    <tr class="clickable ${j.id === state.job ? 'selected' : ''}" data-id="${esc(j.id)}" data-status="${j.status}">
      <td>${short(j.id)}</td><td>${esc(dataset ? dataset.name : short(j.datasetId))}</td><td>${esc(j.provider)}</td>
      <td><span class="pill ${j.status === 'SUCCEEDED' ? 'ok' : final ? 'bad' : 'busy'}">${j.status.toLowerCase().replace('_', ' ')}</span>
        ${j.error ? `<br><small class="problem">${esc(j.error)}</small>` : ''}</td>
      <td>${esc(j.fineTunedModel || j.baseModel)}</td><td class="n">${num(j.trainedTokens)}</td>
      <td>${actions.join(' ')}</td>
    </tr>`;
  }).join('') : '<tr><td colspan="7" class="note">no training jobs yet</td></tr>');
}

async function act(action, job, button) {
  button.disabled = true;
  const request = action === 'evaluate'
    ? fetch('api/evaluations', { method: 'POST', headers: { ...SCRIPT_HEADER, 'Content-Type': 'application/json' },
      // no jobId: eval-service answers a job's own evaluation once, and this asks for a new one
      body: JSON.stringify({ datasetId: job.datasetId, provider: job.provider, baseModel: job.baseModel,
        fineTunedModel: job.fineTunedModel, retrievalModel: job.retrievalModel }) })
    : fetch(`api/jobs/${encodeURIComponent(job.id)}/${action}`, { method: 'POST', headers: SCRIPT_HEADER });
  const answer = await request;
  const body = await answer.json().catch(() => ({}));
  button.textContent = answer.ok ? `${action} sent` : `${action} refused: ${body.detail || answer.status}`;
}

function selectJob(id) {
  state.job = id;
  loadJob(id);
}

async function loadJob(id) {
  clearTimeout(state.jobPoll);
  const answer = await fetch(`api/jobs/${encodeURIComponent(id)}`);
  if (!answer.ok || state.job !== id) {
    return;
  }
  const detail = await answer.json();
  state.jobDetail = detail;
  renderJobDetail(detail);
  if (!['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(detail.job.status)) {
    state.jobPoll = setTimeout(() => loadJob(id), 2000);
  }
}

function renderJobDetail(detail) {
  const job = detail.job;
  const metrics = detail.metrics || [];
  const last = metrics[metrics.length - 1];
  const epochs = job.hyperparameters && job.hyperparameters.n_epochs;
  $('#job-detail').hidden = false;
  $('#job-title').textContent = `Job ${short(job.id)} · ${job.provider} · ${job.baseModel}`;
  $('#job-shutdown').hidden = !job.baseModelShutdownDate;
  $('#job-shutdown').textContent = job.baseModelShutdownDate ? `${job.provider} shuts ${job.baseModel} down on `
    + `${job.baseModelShutdownDate}; its fine-tunes stop answering then too` : '';
  $('#job-progress').textContent = last
    ? `epoch ${last.epoch ?? '?'}${epochs && epochs !== 'auto' ? ' of ' + epochs : ''}, step ${last.step}, `
      + `${detail.checkpoints.length} checkpoints · ${job.status.toLowerCase()}`
    : `${job.status.toLowerCase().replace('_', ' ')}${job.statusDetail ? ': ' + job.statusDetail : ''}`;
  lineChart($('#loss-chart'), [
    { name: 'train loss', color: '#3b6fd8', points: series(metrics, 'train_loss') },
    { name: 'validation loss', color: '#d68f1c', points: series(metrics, 'valid_loss') }]);
  lineChart($('#accuracy-chart'), [
    { name: 'train accuracy', color: '#3b6fd8', points: series(metrics, 'train_mean_token_accuracy') },
    { name: 'validation accuracy', color: '#d68f1c', points: series(metrics, 'valid_mean_token_accuracy') }]);
  setHtml($('#job-events'), detail.events.slice().reverse().map((e) => `
    <li><time>${time(e.createdAt)}</time><span class="svc">${esc(e.level)}</span>${esc(e.message)}</li>`).join(''));
}

function series(metrics, key) {
  return metrics.filter((m) => typeof m[key] === 'number').map((m) => [m.step, m[key]]);
}

/** Draws lines on an SVG chart with axes, tick labels and a legend; no library needed. */
function lineChart(svg, lines) {
  const W = 420; const H = 220; const L = 44; const R = 12; const T = 26; const B = 26;
  const all = lines.flatMap((l) => l.points);
  if (!all.length) {
    svg.innerHTML = `<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no checkpoints yet</text>`;
    return;
  }
  const xs = all.map((p) => p[0]); const ys = all.map((p) => p[1]);
  const x0 = Math.min(...xs); const x1 = Math.max(...xs) === x0 ? x0 + 1 : Math.max(...xs);
  let y0 = Math.min(0, ...ys); let y1 = Math.max(...ys); if (y1 === y0) { y1 = y0 + 1; }
  const px = (x) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const py = (y) => H - B - ((y - y0) / (y1 - y0)) * (H - T - B);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => y0 + f * (y1 - y0));
  let out = `<line class="axis" x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}"/><line class="axis" x1="${L}" y1="${T}" x2="${L}" y2="${H - B}"/>`;
  out += ticks.map((t) => `<text x="${L - 4}" y="${py(t) + 4}" text-anchor="end">${t.toFixed(2)}</text>`).join('');
  out += `<text x="${L}" y="${H - 8}">step ${x0}</text><text x="${W - R}" y="${H - 8}" text-anchor="end">step ${x1}</text>`;
  lines.filter((l) => l.points.length).forEach((l, i) => {
    const d = l.points.map((p) => `${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`).join(' ');
    out += `<polyline fill="none" stroke="${l.color}" stroke-width="2" points="${d}" data-series="${esc(l.name)}"/>`;
    out += l.points.map((p) => `<circle cx="${px(p[0]).toFixed(1)}" cy="${py(p[1]).toFixed(1)}" r="2.5" fill="${l.color}"/>`).join('');
    out += `<rect x="${L + 8 + i * 150}" y="8" width="10" height="10" fill="${l.color}"/><text x="${L + 22 + i * 150}" y="17">${esc(l.name)}</text>`;
  });
  svg.innerHTML = out;
}

/** The three models of an evaluation, in the order they are compared, with their colours. */
const ROLES = [
  { role: 'base', label: 'base', color: 'var(--base)' },
  { role: 'base+retrieval', label: 'base + retrieval', color: 'var(--retrieval)' },
  { role: 'fine-tuned', label: 'fine-tuned', color: 'var(--tuned)' }];
const OUTCOME_CLASS = { PROMOTED: 'ok', HELD: 'held', FAILED: 'bad' };
const NO_SCORES = '<span class="note">no scores: the evaluation did not run</span>';

const points = (x) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} pts`;
const pValue = (p) => (p === null || p === undefined ? '' : p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/** Accuracy of the three models as a bar chart, each bar labelled with its value; a missing model has no bar. */
function accuracyChart(scores) {
  const W = 260; const H = 130; const T = 18; const B = 30; const slot = W / ROLES.length;
  const bars = ROLES.map((r, i) => {
    const s = scores[r.role];
    const x = i * slot + slot * 0.2; const w = slot * 0.6;
    const label = `<text x="${x + w / 2}" y="${H - 16}" text-anchor="middle">${r.label}</text>`;
    if (!s) {
      return label + `<text x="${x + w / 2}" y="${H - B - 4}" text-anchor="middle">not asked</text>`;
    }
    const h = Math.max(1, s.accuracy * (H - T - B));
    return label
      + `<rect x="${x}" y="${H - B - h}" width="${w}" height="${h}" style="fill:${r.color}" data-role="${r.role}"/>`
      + `<text class="value" x="${x + w / 2}" y="${H - B - h - 4}" text-anchor="middle">${pct(s.accuracy)}</text>`;
  });
  return `<svg class="model-accuracy" viewBox="0 0 ${W} ${H}" role="img" aria-label="accuracy of the three models">`
    + `<line class="axis" x1="0" y1="${H - B}" x2="${W}" y2="${H - B}"/>${bars.join('')}`
    + `<text x="${W / 2}" y="${H - 2}" text-anchor="middle" class="caption">accuracy on held-out questions</text>`
    + '</svg>';
}

/** Base, base + retrieval and fine-tuned side by side: accuracy and refusal rates. */
function scoresTable(scores) {
  const row = (name, key, title) => `<tr><th title="${title}">${name}</th>${ROLES.map((r) => `<td class="n">${
    scores[r.role] ? pct(scores[r.role][key]) : '–'}</td>`).join('')}</tr>`;
  return `<table class="scores"><thead><tr><th></th>${ROLES.map((r) => `<th class="n" data-role="${r.role}">`
    + `<i style="background:${r.color}"></i>${r.label}</th>`).join('')}</tr></thead><tbody>`
    + row('accuracy', 'accuracy', 'share of held-out questions answered right')
    + row('in-scope refusals', 'inScopeRefusalRate', "questions whose answer was trained, answered \"don't know\"")
    + row('out-of-scope refusals', 'outOfScopeRefusalRate',
      'questions never trained, rightly refused (– when none were asked)')
    + '</tbody></table>';
}

/** Whether fine-tuning was worth it compared with retrieval over the same data. */
function versusRetrieval(v) {
  if (v.outcome === 'FAILED') {
    return '';
  }
  const base = `vs base ${points(v.delta)} (${pValue(v.pValue)})`;
  if (v.retrievalDelta === null || v.retrievalDelta === undefined) {
    return `${base}<br>no retrieval baseline`;
  }
  const said = v.beatsRetrieval ? 'fine-tuning beat retrieval' : 'fine-tuning did not beat retrieval';
  return `${base}<br><span class="${v.beatsRetrieval ? 'beats' : 'not-beats'}">${said}</span>: `
    + `${points(v.retrievalDelta)} (${pValue(v.retrievalPValue)})`;
}

function renderEvaluations(evaluations) {
  setHtml($('#evaluations tbody'), evaluations.length ? evaluations.map((e) => {
    const dataset = state.board.datasets.find((d) => d.id === e.datasetId);
    const scores = Object.fromEntries(e.scores.map((s) => [s.role, s]));
    const v = e.verdict;
    return `
    <tr data-id="${esc(e.id)}" data-outcome="${v.outcome}">
      <td>${short(e.id)}<br><small class="note">${time(e.completedAt)}</small>
        <br>${esc(dataset ? dataset.name : short(e.datasetId))}</td>
      <td class="verdict-cell"><span class="pill ${OUTCOME_CLASS[v.outcome]} outcome">${v.outcome.toLowerCase()}</span>
        <p class="reason">${esc(v.reason)}</p><small class="note">${versusRetrieval(v)}</small></td>
      <td>${e.scores.length ? accuracyChart(scores) : NO_SCORES}</td>
      <td>${e.scores.length ? scoresTable(scores) : ''}</td>
      <td><a class="report" href="api/evaluations/${encodeURIComponent(e.id)}/report" target="_blank">report</a></td>
    </tr>`;
  }).join('') : '<tr><td colspan="5" class="note">no evaluations yet</td></tr>');
}

$('#datasets tbody').addEventListener('click', (event) => {
  const row = event.target.closest('tr[data-id]');
  if (!row) {
    return;
  }
  state.dataset = row.dataset.id;
  const d = state.board.datasets.find((x) => x.id === state.dataset);
  state.job = null;
  if (d && d.jobId) {
    selectJob(d.jobId);
  }
  render(state.board);
});

$('#jobs tbody').addEventListener('click', (event) => {
  const row = event.target.closest('tr[data-id]');
  if (event.target.dataset.action) {
    act(event.target.dataset.action, state.board.jobs.find((j) => j.id === event.target.dataset.id), event.target);
  } else if (row) {
    selectJob(row.dataset.id);
    render(state.board);
  }
});

$('#upload-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = $('#csv-file').files[0];
  const query = new URLSearchParams({ name: $('#csv-name').value || file.name, force: $('#csv-force').checked });
  document.querySelectorAll('.mapping input').forEach((input) => {
    if (input.value.trim()) {
      query.set(input.dataset.role, input.value.trim());
    }
  });
  $('#upload').disabled = true;
  $('#upload-result').textContent = `uploading ${file.name}…`;
  try {
    const answer = await fetch(`api/datasets?${query}`, { method: 'POST',
      headers: { ...SCRIPT_HEADER, 'Content-Type': 'text/csv' }, body: file });
    const body = await answer.json().catch(() => ({}));
    if (answer.ok) {
      $('#upload-result').textContent = `${body.duplicateOfRequest ? 'seen before, following' : 'accepted as'} dataset ${short(body.id)}`;
      state.dataset = body.id;
      state.job = null;
    } else {
      $('#upload-result').textContent = `refused: ${body.detail || answer.status}`;
    }
  } finally {
    $('#upload').disabled = false;
  }
});

/** Signs in with a token: the console keeps it in an HttpOnly cookie; false when it is refused. */
async function signIn(token) {
  const answer = await fetch('api/session', { method: 'POST',
    headers: { ...SCRIPT_HEADER, Authorization: `Bearer ${token.trim()}` } });
  return answer.ok;
}

/** Shows the board to a signed-in user, the sign-in form to anyone else. */
async function start() {
  const answer = await fetch('api/session');
  const signedIn = answer.ok;
  $('#sign-in-section').hidden = signedIn;
  $('main').hidden = !signedIn;
  $('#sign-out').hidden = !signedIn;
  if (signedIn) {
    const caller = await answer.json();
    $('#user').textContent = `${caller.name} (${caller.roles.join(', ')})`;
    connect();
  }
}

$('#sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (await signIn($('#sign-in-token').value)) {
    $('#sign-in-token').value = '';
    start();
  } else {
    $('#sign-in-result').textContent = 'this token is not accepted (expired, or not signed by a trusted issuer)';
  }
});

$('#sign-out').addEventListener('click', async () => {
  await fetch('api/session', { method: 'DELETE', headers: SCRIPT_HEADER });
  location.reload();
});

(async () => {
  // a login link (tunepipe up prints one) carries the token in the fragment, which never reaches a server log
  const link = new URLSearchParams(location.hash.slice(1)).get('token');
  if (link) {
    history.replaceState(null, '', location.pathname);
    await signIn(link);
  }
  start();
})();
