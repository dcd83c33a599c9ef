/*
 * Opt-out Chain: the hand-over in the browser.
 *
 * 1. On the receiver's acknowledgement (and its re-check) the operator chooses or drops the report
 *    file it received; this module counts its keys and digests it (SHA-256 over the file's bytes,
 *    crypto.subtle) in the browser and fills the count and the first 8 hex digits into the form.
 *    The file never leaves the browser, and nothing the server knows is shown.
 * 2. On the hospital's declaration the operator chooses its own key list (one key per line, any
 *    order, duplicates counted once); the module builds the report's canonical text for the task's
 *    period from the sorted distinct keys with no supplement (Declaration.digestPrefixOf) and
 *    digests that.
 * 2b. On the final recipient's "Confirm the opt-outs are applied" (and its re-statement in the
 *    reconcile form) the operator chooses its own exclusion list of the hospital, cumulative to the
 *    end of the period: read and digested exactly as in 2, the label being the period through whose
 *    end the list is cumulative (AppliedConfirmation.digestPrefixOf). The file never leaves the browser.
 * 3. On the ledger keeper's "Review and send" the keeper may choose its own system's report file
 *    (the report file's format) instead of the draft compiled from the ledger: its keys are sent,
 *    with the keeper's Tasklist session, to POST /api/reports/{hospital}/{period}/draft?recipient=…, and the form
 *    is shown again with the new draft. This file does leave the browser: it is the sender's own.
 * 4. Count fields take whole numbers only: a '.', ',' or 'e' typed or pasted into one is refused
 *    with a Japanese message instead of being dropped (form-js would silently make "1.5" 15 and
 *    "1e3" 13); full-width digits pasted are read as digits.
 *
 * Plain browser JavaScript, loaded through config.js requireJsConfig like date-locale.js. The
 * forms are found by their component ids (bpmn/*.form); form-js renders each input with the id
 * "fjs-form-<form>-<component id>".
 */
define('optoutchain-report-file', ['angular'], function (angular) {
  'use strict';

  var FORMS = [
    { mode: 'acknowledge', count: 'Field_AcknowledgedCount', prefix: 'Field_DigestPrefix' },
    { mode: 'acknowledge', count: 'Field_RecheckedCount', prefix: 'Field_RecheckedDigestPrefix' },
    { mode: 'declare', count: 'Field_DeclaredCount', prefix: 'Field_DeclaredDigestPrefix' },
    { mode: 'applied', count: 'Field_AppliedCount', prefix: 'Field_AppliedDigestPrefix' },
    { mode: 'applied', count: 'Field_RestatedAppliedCount', prefix: 'Field_RestatedAppliedDigestPrefix' }
  ];
  var COUNT_FIELDS = ['Field_AcknowledgedCount', 'Field_RecheckedCount', 'Field_DeclaredCount', 'Field_CorrectedCount',
    'Field_AppliedCount', 'Field_RestatedAppliedCount'];
  var KEY = /^[0-9a-f]{64}$/;
  var LATE = /^late ([0-9a-f]{64})$/;
  var WITHDRAWN = /^withdrawn [0-9a-f]{64}$/;
  var HEADER = /^optout-report\/v1 (\d{4}-\d{2})$/;
  var PERIOD = /^\d{4}-\d{2}$/;

  function byComponent(root, componentId) {
    return root.querySelector('[id$="-' + componentId + '"]');
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ('0' + b.toString(16)).slice(-2);
    }).join('');
  }

  function sha256(bytes) {
    if (!window.crypto || !window.crypto.subtle) {
      return Promise.reject(new Error(
        'このページではブラウザの SHA-256 が使えません（https または localhost で開いてください）'
        + ' / SHA-256 is not available on this page (open it over https or on localhost)'));
    }
    return window.crypto.subtle.digest('SHA-256', bytes).then(hex);
  }

  /** Sets an input as if typed, so form-js takes the value (its fields commit on input and on blur). */
  function enter(input, value, leave) {
    input.focus();
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    if (leave) {
      // Leaving the field commits it at once (form-js debounces typing and flushes on blur).
      input.blur();
    } else {
      input.dispatchEvent(new FocusEvent('blur'));
    }
  }

  /** Enters the figures one field after the other, each once the form has taken the one before. */
  function enterAll(pairs) {
    if (!pairs.length) {
      return;
    }
    enter(pairs[0][0], pairs[0][1], true);
    window.requestAnimationFrame(function () {
      setTimeout(function () { enterAll(pairs.slice(1)); }, 0);
    });
  }

  function taskIdOfPage() {
    var match = /[?&]task=([^&]+)/.exec(window.location.hash || '');
    return match ? decodeURIComponent(match[1]) : null;
  }

  /** Variables the form itself is rendered with (hospitalId, period), or {} where unknown. */
  function formVariables(names) {
    var taskId = taskIdOfPage();
    if (!taskId) {
      return Promise.resolve({});
    }
    var url = '/camunda/api/engine/engine/default/task/' + encodeURIComponent(taskId)
      + '/form-variables?variableNames=' + names.join(',');
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (variables) {
        var values = {};
        names.forEach(function (name) {
          var value = variables && variables[name] && variables[name].value;
          if (typeof value === 'string') {
            values[name] = value;
          }
        });
        return values;
      })
      .catch(function () { return {}; });
  }

  /** The task's period, from the variables the form itself is rendered with. */
  function periodOfTask() {
    return formVariables(['period']).then(function (values) {
      return values.period && PERIOD.test(values.period) ? values.period : null;
    });
  }

  /** A report file as received: its keys counted (the month's and the late ones), its bytes digested. */
  function readReceived(bytes) {
    var text = new TextDecoder('utf-8').decode(bytes);
    var lines = text.split('\n');
    if (lines.length && lines[lines.length - 1] === '') {
      lines.pop();
    }
    var header = lines.length ? HEADER.exec(lines[0]) : null;
    var keys = {};
    var count = 0;
    var unknown = 0;
    lines.forEach(function (line, index) {
      var late = LATE.exec(line);
      var key = KEY.test(line) ? line : (late ? late[1] : null);
      if (key) {
        if (!keys[key]) {
          keys[key] = true;
          count++;
        }
      } else if (!(index === 0 && header) && !WITHDRAWN.test(line)) {
        unknown++;
      }
    });
    return sha256(bytes).then(function (digest) {
      return { count: count, digest: digest, label: header ? header[1] : null, unknown: unknown,
        altered: text.indexOf('\r') > -1 || text.charCodeAt(0) === 0xfeff };
    });
  }

  /** A hospital's own key list: distinct keys, digested as the report of the period would be without a supplement. */
  function readOwnKeys(bytes, period) {
    var text = new TextDecoder('utf-8').decode(bytes).replace(/^\ufeff/, '');
    var keys = {};
    var bad = [];
    text.split(/\r?\n/).forEach(function (raw, index) {
      var line = raw.trim().toLowerCase();
      if (line === '') {
        return;
      }
      if (KEY.test(line)) {
        keys[line] = true;
      } else {
        bad.push(index + 1);
      }
    });
    if (bad.length) {
      return Promise.reject(new Error(bad.length + ' 行が患者キー（64桁の16進数）ではありません（' + bad.slice(0, 5).join(', ')
        + ' 行目…）。1行に1キーのファイルを選んでください / ' + bad.length + ' line(s) are not patient keys (64 hex digits),'
        + ' e.g. line ' + bad.slice(0, 5).join(', ') + '; choose a file with one key per line'));
    }
    var sorted = Object.keys(keys).sort();
    var canonical = 'optout-report/v1 ' + period + '\n' + sorted.map(function (key) { return key + '\n'; }).join('');
    return sha256(new TextEncoder().encode(canonical)).then(function (digest) {
      return { count: sorted.length, digest: digest };
    });
  }

  function say(widget, kind, message) {
    var line = document.createElement('div');
    line.className = 'optoutchain-report-file-' + kind;
    line.textContent = message;
    widget.querySelector('.optoutchain-report-file-messages').appendChild(line);
  }

  function handle(widget, form, spec, file) {
    var messages = widget.querySelector('.optoutchain-report-file-messages');
    messages.textContent = '';
    var count = byComponent(form, spec.count);
    var prefix = byComponent(form, spec.prefix);
    var bytesRead = file.arrayBuffer ? file.arrayBuffer() : new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsArrayBuffer(file);
    });
    Promise.all([bytesRead, periodOfTask()]).then(function (read) {
      var bytes = read[0];
      var period = read[1];
      if (spec.mode === 'declare' || spec.mode === 'applied') {
        if (!period) {
          throw new Error('この作業の対象月が分かりません。人数とダイジェストを手で入力してください'
            + ' / the period of this task is not known; enter the count and the digest by hand');
        }
        return readOwnKeys(bytes, period).then(function (result) {
          accepted(count);
          enterAll([[prefix, result.digest.substring(0, 8)], [count, String(result.count)]]);
          say(widget, 'done', file.name + ': ' + result.count + ' 人（重複なし）を数え、' + period
            + ' の報告と同じ方式でダイジェストを計算して入力しました / counted ' + result.count
            + ' distinct patient(s) and entered the digest of the ' + period + ' scheme');
          if (spec.mode === 'declare' && result.count === 0) {
            say(widget, 'warning', '0人です。「該当なし」を確認のうえチェックしてください / none: tick the nil attestation if that is right');
          }
        });
      }
      return readReceived(bytes).then(function (result) {
        accepted(count);
        enterAll([[prefix, result.digest.substring(0, 8)], [count, String(result.count)]]);
        say(widget, 'done', file.name + ': 受領したファイルを数えてダイジェストを計算し、入力しました。ファイルは送信されません'
          + ' / counted and digested the file you received and entered the figures; the file is not uploaded');
        if (!result.label) {
          say(widget, 'warning', '1行目が報告ファイルの見出し（optout-report/v1 YYYY-MM）ではありません。受け取ったファイルか確認してください'
            + ' / the first line is not a report header (optout-report/v1 YYYY-MM): is this the file you received?');
        } else if (period && result.label !== period) {
          say(widget, 'warning', 'このファイルは ' + result.label + ' の報告です。この作業の対象月は ' + period
            + ' です。送付元に確認してください / this file is the ' + result.label + ' report, this task is for '
            + period + '; check with the sender');
        }
        if (result.unknown > 0) {
          say(widget, 'warning', result.unknown + ' 行は患者キーとして数えていません / ' + result.unknown
            + ' line(s) were not counted as keys');
        }
        if (result.altered) {
          say(widget, 'warning', 'ファイルが改行コードや BOM の変更を受けています（エディタで保存した可能性）。受け取ったままのファイルを選んでください'
            + ' / the file has Windows line ends or a BOM, as if re-saved by an editor: choose the file as received');
        }
      });
    }).catch(function (error) {
      say(widget, 'error', error && error.message ? error.message : String(error));
    });
  }

  /** A box to choose or drop a file into: {@code onFile(widget, file)} handles what is chosen. */
  function fileChooser(mode, labelText, noteText, onFile) {
    var widget = document.createElement('div');
    widget.className = 'optoutchain-report-file';
    widget.setAttribute('data-mode', mode);
    var label = document.createElement('label');
    label.className = 'optoutchain-report-file-label';
    label.textContent = labelText;
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = '.txt,text/plain';
    input.className = 'optoutchain-report-file-input';
    label.appendChild(document.createElement('br'));
    label.appendChild(input);
    var note = document.createElement('div');
    note.className = 'optoutchain-report-file-note';
    note.textContent = noteText;
    var messages = document.createElement('div');
    messages.className = 'optoutchain-report-file-messages';
    messages.setAttribute('role', 'status');
    widget.appendChild(label);
    widget.appendChild(note);
    widget.appendChild(messages);
    input.addEventListener('change', function () {
      if (input.files && input.files[0]) {
        onFile(widget, input.files[0]);
      }
    });
    widget.addEventListener('dragover', function (event) {
      event.preventDefault();
      widget.classList.add('optoutchain-report-file-over');
    });
    widget.addEventListener('dragleave', function () {
      widget.classList.remove('optoutchain-report-file-over');
    });
    widget.addEventListener('drop', function (event) {
      event.preventDefault();
      widget.classList.remove('optoutchain-report-file-over');
      if (event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0]) {
        onFile(widget, event.dataTransfer.files[0]);
      }
    });
    return widget;
  }

  function chooserLabel(spec) {
    return spec.mode === 'declare'
      ? '自院のキー一覧のファイルを選択またはドロップ（1行に1キー）/ Choose or drop your own key list (one key per line)'
      : spec.mode === 'applied'
        ? '自社の除外リスト（この病院分、対象月末までの累計）のファイルを選択またはドロップ（1行に1キー）'
          + ' / Choose or drop your own exclusion list of this hospital, cumulative to the end of the month (one key per line)'
        : '受領したファイルを選択またはドロップ / Choose or drop the file you received';
  }

  function widgetFor(form, spec) {
    return fileChooser(spec.mode, chooserLabel(spec),
      'ファイルはこのブラウザの中で数えて計算し、サーバーには送りません。手で入力することもできます'
      + ' / The file is counted and digested in this browser and never sent to the server; you may also type the figures.',
      function (widget, file) { handle(widget, form, spec, file); });
  }

  function offerFileChoosers() {
    Array.prototype.forEach.call(document.querySelectorAll('.fjs-form'), function (form) {
      FORMS.forEach(function (spec) {
        var count = byComponent(form, spec.count);
        var prefix = byComponent(form, spec.prefix);
        if (!count || !prefix || form.querySelector('.optoutchain-report-file')) {
          return;
        }
        var field = count.closest('.fjs-form-field') || count.parentNode;
        field.parentNode.insertBefore(widgetFor(form, spec), field);
      });
    });
  }

  // The keeper's own report file ---------------------------------------------------------------

  /** The keys of a report file, by kind, as the report of record marks them. */
  function manifestOf(text, period) {
    var lines = text.replace(/^\ufeff/, '').split(/\r?\n/).filter(function (line) { return line.trim() !== ''; });
    var header = lines.length ? HEADER.exec(lines[0].trim()) : null;
    if (!header) {
      throw new Error('1行目が報告ファイルの見出し（optout-report/v1 YYYY-MM）ではありません'
        + ' / the first line is not a report header (optout-report/v1 YYYY-MM)');
    }
    if (header[1] !== period) {
      throw new Error('このファイルは ' + header[1] + ' の報告です。この作業の対象月は ' + period + ' です'
        + ' / this file is the ' + header[1] + ' report; this task is for ' + period);
    }
    var manifest = { keys: [], supplementKeys: [], withdrawnKeys: [] };
    var bad = [];
    lines.slice(1).forEach(function (raw, index) {
      var line = raw.trim().toLowerCase();
      var late = LATE.exec(line);
      if (KEY.test(line)) {
        manifest.keys.push(line);
      } else if (late) {
        manifest.supplementKeys.push(late[1]);
      } else if (WITHDRAWN.test(line)) {
        manifest.withdrawnKeys.push(line.slice('withdrawn '.length));
      } else {
        bad.push(index + 2);
      }
    });
    if (bad.length) {
      throw new Error(bad.length + ' 行が患者キーの行ではありません（' + bad.slice(0, 5).join(', ') + ' 行目…） / '
        + bad.length + ' line(s) are not key lines, e.g. line ' + bad.slice(0, 5).join(', '));
    }
    return manifest;
  }

  function replaceDraft(widget, file) {
    widget.querySelector('.optoutchain-report-file-messages').textContent = '';
    Promise.all([file.text(), formVariables(['hospitalId', 'period', 'finalRecipient'])]).then(function (read) {
      var subject = read[1];
      if (!subject.hospitalId || !subject.period || !subject.finalRecipient) {
        throw new Error('この作業の病院・対象月・報告先が分かりません / the hospital, period and recipient of this task are not known');
      }
      var url = '/api/reports/' + encodeURIComponent(subject.hospitalId) + '/' + encodeURIComponent(subject.period)
        + '/draft?recipient=' + encodeURIComponent(subject.finalRecipient);
      return fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Requested-By': 'tasklist' },
        body: JSON.stringify(Object.assign({ clientRequestId: 'tasklist-' + window.crypto.randomUUID() },
          manifestOf(read[0], subject.period)))
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) {
            throw new Error(body.message || ('HTTP ' + response.status));
          }
          say(widget, 'done', file.name + ': 下書きを置き換えました（' + body.totalCount + ' 人、ダイジェスト '
            + String(body.digest).substring(0, 8) + '…）。表示を更新します / the draft is replaced ('
            + body.totalCount + ' patient(s), digest ' + String(body.digest).substring(0, 8) + '…); showing it');
          setTimeout(function () { window.location.reload(); }, 1500);
        });
      });
    }).catch(function (error) {
      say(widget, 'error', error && error.message ? error.message : String(error));
    });
  }

  function draftReplacementWidget() {
    return fileChooser('replace', '自社システムの報告ファイルで置き換える（選択またはドロップ）'
      + ' / Replace with your own system\'s report file (choose or drop)',
      'このファイルのキーはサーバーに送られ、送付前の下書きになります（まだ送付はされません）'
      + ' / This file\'s keys are sent to the server as the draft under review; nothing is sent on yet.',
      replaceDraft);
  }

  function offerDraftReplacement() {
    Array.prototype.forEach.call(document.querySelectorAll('.fjs-form'), function (form) {
      var confirm = byComponent(form, 'Field_ConfirmSend');
      if (!confirm || form.querySelector('.optoutchain-report-file')) {
        return;
      }
      var field = confirm.closest('.fjs-form-field') || confirm.parentNode;
      field.parentNode.insertBefore(draftReplacementWidget(), field);
    });
  }

  // Whole numbers only -------------------------------------------------------------------------

  function isCountInput(target) {
    return target && target.tagName === 'INPUT' && COUNT_FIELDS.some(function (id) {
      return target.id && target.id.slice(-(id.length + 1)) === '-' + id;
    });
  }

  function refuse(input, typed) {
    var field = input.closest('.fjs-form-field') || input.parentNode;
    var shown = field.querySelector('.optoutchain-whole-number');
    if (!shown) {
      shown = document.createElement('div');
      shown.className = 'optoutchain-whole-number fjs-form-field-error';
      shown.setAttribute('role', 'alert');
      field.appendChild(shown);
    }
    shown.textContent = '「' + typed + '」は使えません。人数は整数（0, 1, 2 …）で入力してください。小数点・カンマ・指数表記は使えません'
      + '（Backspace で入力し直し）/ "' + typed + '" refused: whole numbers only (no decimal point, comma or'
      + ' exponent); press Backspace and type it again';
    // Leave the field empty rather than a number the operator did not mean, and take no more keys
    // until the operator starts again (Backspace, Delete, or leaving the field).
    input.setAttribute('data-refused', 'true');
    enter(input, '');
    input.focus();
    // form-js commits a number typed before ("1" of "1.5") after a delay; clear what it puts back.
    [0, 400].forEach(function (delay) {
      setTimeout(function () {
        if (input.getAttribute('data-refused') && input.value !== '') {
          enter(input, '');
          input.focus();
        }
      }, delay);
    });
  }

  function accepted(input) {
    input.removeAttribute('data-refused');
    var field = input.closest('.fjs-form-field') || input.parentNode;
    var shown = field.querySelector('.optoutchain-whole-number');
    if (shown) {
      shown.parentNode.removeChild(shown);
    }
  }

  function guardWholeNumbers() {
    document.addEventListener('keypress', function (event) {
      var input = event.target;
      if (!isCountInput(input) || event.ctrlKey || event.metaKey || !event.key || event.key.length !== 1) {
        return;
      }
      if (input.getAttribute('data-refused')) {
        // The rest of what was refused ("5" of "1.5", "3" of "1e3") must not land as a number of its own.
        event.preventDefault();
        event.stopPropagation();
        return;
      }
      if (/^[0-9]$/.test(event.key)) {
        accepted(input);
        return;
      }
      if (event.key === '-' && input.selectionStart === 0) {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      refuse(input, input.value + event.key);
    }, true);
    document.addEventListener('keydown', function (event) {
      if (isCountInput(event.target) && (event.key === 'Backspace' || event.key === 'Delete')) {
        event.target.removeAttribute('data-refused');
      }
    }, true);
    document.addEventListener('focusout', function (event) {
      if (isCountInput(event.target) && event.isTrusted) {
        event.target.removeAttribute('data-refused');
      }
    }, true);
    document.addEventListener('paste', function (event) {
      var input = event.target;
      if (!isCountInput(input) || !event.clipboardData) {
        return;
      }
      var pasted = event.clipboardData.getData('text');
      var digits = pasted.normalize('NFKC').trim();
      event.preventDefault();
      event.stopPropagation();
      input.removeAttribute('data-refused');
      if (/^[0-9]{1,9}$/.test(digits)) {
        accepted(input);
        enter(input, digits);
      } else {
        refuse(input, pasted.trim());
      }
    }, true);
  }

  return angular.module('optoutchain.reportFile', []).run([function () {
    guardWholeNumbers();
    new MutationObserver(function () {
      offerFileChoosers();
      offerDraftReplacement();
    }).observe(document.body, { childList: true, subtree: true });
    offerFileChoosers();
    offerDraftReplacement();
  }]);
});
