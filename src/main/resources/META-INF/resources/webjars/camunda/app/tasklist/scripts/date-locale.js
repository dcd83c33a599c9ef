/*
 * Opt-out Chain: keeps Tasklist's dates ("5日後", "2025年1月10日") in the language Tasklist chose.
 *
 * Why this is needed: Camunda loads the chosen locale (ja.json) and the fallback (en.json) side
 * by side, and each file's "dateLocales" is handed to moment through defineLocale/updateLocale,
 * both of which also make that locale moment's global one. Whichever file arrives last wins, so
 * about half the page loads showed "in 5 days" beside Japanese labels. Camunda's config.js has no
 * key for the date locale, so this module (loaded through config.js requireJsConfig, Camunda's
 * documented way to add an AngularJS module) puts moment back on the language in use after every
 * locale file has loaded, through angular-moment's amMoment, which also re-renders the
 * "am-time-ago" dates already on the page.
 */
define('optoutchain-date-locale', ['angular'], function (angular) {
  'use strict';

  return angular.module('optoutchain.dateLocale', ['angularMoment']).run([
    '$rootScope', '$translate', 'amMoment', 'moment',
    function ($rootScope, $translate, amMoment, moment) {
      function followTranslation() {
        var language = $translate.use();
        // Only a language whose dateLocales have been handed to moment already.
        if (language && moment.locales().indexOf(language) > -1 && moment.locale() !== language) {
          amMoment.changeLocale(language);
        }
      }
      $rootScope.$on('$translateLoadingSuccess', followTranslation);
      $rootScope.$on('$translateLoadingEnd', followTranslation);
      $rootScope.$on('$translateChangeSuccess', followTranslation);
      followTranslation();
    }
  ]);
});
