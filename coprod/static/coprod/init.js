/* Starts GOV.UK Frontend's components (header menu, error summary, buttons) on every page. */
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
