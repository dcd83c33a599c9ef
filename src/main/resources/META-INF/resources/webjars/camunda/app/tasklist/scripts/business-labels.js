/*
 * Opt-out Chain: business labels in the language Tasklist chose.
 *
 * Filters, process definitions and task steps are stored with one bilingual name, "日本語 / English"
 * (task names then add " — <hospital> <month>"), because the engine has one name per object and
 * searching must find either language. Tasklist shows names as stored, so this module shows the
 * half in the chosen language where Tasklist lists filters and tasks and titles the open task; the
 * stored name, and so searching, is unchanged. A name not of that shape (a party's own name, an
 * administrator's own filter) is shown as it is.
 *
 * Angular writes a bound name into its text node only when the name changes; a MutationObserver
 * relabels each such write. The original is kept per node, so relabelling never compounds.
 */
define('optoutchain-business-labels', ['angular'], function (angular) {
  'use strict';

  var JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]/;
  var WHERE = '.task-filters h4.name a, .tasks-list .names, .task-details .names';
  var SUBJECT = ' — ';

  /** The half of "日本語 / English" in the language; anything else unchanged. */
  function chosenHalf(label, language) {
    var halves = label.split(' / ');
    if (halves.length !== 2 || !JAPANESE.test(halves[0]) || JAPANESE.test(halves[1])) {
      return label;
    }
    return language === 'ja' ? halves[0] : halves[1];
  }

  function relabel(text, language) {
    var at = text.indexOf(SUBJECT);
    if (at < 0) {
      return chosenHalf(text.trim(), language);
    }
    return chosenHalf(text.slice(0, at).trim(), language) + text.slice(at);
  }

  return angular.module('optoutchain.businessLabels', []).run(['$translate', function ($translate) {
    var shown = new WeakMap();

    function relabelNode(node) {
      var current = node.nodeValue;
      if (!current || !current.trim() || shown.get(node) === current) {
        return;
      }
      var language = $translate.use() || $translate.proposedLanguage();
      var label = relabel(current, language);
      if (label.trim() !== current.trim()) {
        node.nodeValue = current.replace(current.trim(), label);
      }
      shown.set(node, node.nodeValue);
    }

    function relabelWithin(root) {
      var places = root.nodeType === 1 ? [root].concat(Array.prototype.slice.call(root.querySelectorAll(WHERE))) : [];
      places.forEach(function (place) {
        if (place.nodeType !== 1 || !place.matches(WHERE)) {
          return;
        }
        var walker = document.createTreeWalker(place, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          relabelNode(walker.currentNode);
        }
      });
    }

    function placeOf(node) {
      var element = node.nodeType === 1 ? node : node.parentElement;
      return element && element.closest(WHERE);
    }

    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        if (mutation.type === 'characterData') {
          if (placeOf(mutation.target)) {
            relabelNode(mutation.target);
          }
          return;
        }
        var place = placeOf(mutation.target);
        if (place) {
          relabelWithin(place);
        }
        Array.prototype.forEach.call(mutation.addedNodes, relabelWithin);
      });
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
    relabelWithin(document.body);
  }]);
});
