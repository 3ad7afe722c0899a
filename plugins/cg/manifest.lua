return {
  name = "cg",
  version = "1.0.0",
  description = "City & Guilds: 3412 NVQ in Contact Centre Operations, imported units 411-418 and 509-512",
  body = "CG",
  catalogue = "CG",
  libs = { "nvq", "reports" },
}
