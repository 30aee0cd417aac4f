import { runStoreConformance } from "../../testing/store-conformance.js";
import { createMemoryStore } from "./memory-store.js";

runStoreConformance("memory", () => createMemoryStore());
