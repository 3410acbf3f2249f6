// Shared styles first: feature stylesheets (imported by their pages) come after and refine them.
import "./styles/base.css";
import "./styles/components.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter } from "react-router-dom";
import { App } from "./app/App";
import { createQueryClient } from "./app/queryClient";
import { appRoutes } from "./app/routes";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <App queryClient={createQueryClient()} router={createBrowserRouter(appRoutes)} />
  </StrictMode>,
);
