return {
  name = "ocr",
  version = "1.0.0",
  description = "OCR (Oxford Cambridge and RSA Examinations): NVQ in Customer Service L2-L4 and single units",
  body = "OCR",
  catalogue = "OCR",
  libs = { "nvq", "reports" },
}
