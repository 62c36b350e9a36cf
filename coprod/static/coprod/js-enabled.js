/* Marks the page as having JavaScript (and GOV.UK Frontend support) before it is drawn, as GOV.UK
   Frontend expects; a file rather than inline code so the Content Security Policy needs no exception. */
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
