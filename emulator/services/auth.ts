/**
 * `POST <gateway>/auth`: form username, password, token=true → 201 with the raw JWT as the body.
 * (the README's Configuration section; the shape of Qualys's identity endpoint.)
 */
import { text } from "../http";
import { ApiError } from "../router";
import type { ServiceModule } from "./module";

export const authService: ServiceModule = {
  name: "auth",
  routes: (emu) => [
    {
      method: "POST",
      path: "/auth",
      auth: "none",
      style: "json",
      handler: (ctx) => {
        const form = ctx.form();
        const username = form.get("username");
        const password = form.get("password");
        if (!username || !password) throw new ApiError(400, "username and password are required");
        if (form.get("token") !== "true") throw new ApiError(400, "token=true is required");
        const tenant = emu.registry.byPassword(username, password);
        if (!tenant) throw new ApiError(401, "Invalid username or password", "UNAUTHORIZED");
        return text(201, emu.registry.mint(tenant));
      },
    },
  ],
};
