import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { reportReachable } from "../app/connectivity";

// jsdom does not scroll; the column table's virtualizer asks it to.
window.scrollTo = () => undefined;

afterEach(() => {
  cleanup();
  reportReachable();
  document.cookie.split(";").forEach((cookie) => {
    const name = cookie.split("=")[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  });
});
