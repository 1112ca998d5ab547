import { z } from "zod";
import { AccrueAction } from "../modules/accrueAction";
import { use } from "../modules/runtime";
import { listItems } from "../store/economy";

/** The catalog of income generators. */
export class Items extends AccrueAction {
  name = "items";
  description = "The item catalog, cheapest first";
  schema = z.strictObject({});

  async handle() {
    return { items: await listItems(use("db")) };
  }
}
