-- catalogue/OCR/05945.lua — OCR Level 4 NVQ in Customer Service.
-- Source: /work/shared/seeds/003_fb839c99cc443610.txt, §2.1 profile (lines 146-158) and §6.2 (lines 1024-1128).
-- Unit ids are QCA unit numbers; the units themselves are in units-customer-service.lua.
return {
qualifications = {
  {
    code = "05945",
    title = "OCR Level 4 NVQ in Customer Service",
    level = 4,
    accreditation = { scheme = "QAN", number = "100/6081/9" },
    last_registration = "2009-07-31",
    last_certification = "2012-07-31",
    units = {
      { unit = "R/103/6284", kind = "mandatory" }, -- 7 Understand customer service to improve service delivery
      { unit = "Y/103/6285", kind = "mandatory" }, -- 8 Know the rules to follow when developing customer service
      { unit = "T/103/6312", kind = "optional", theme = "Impression and Image" }, -- 18 Use customer service as a competitive tool
      { unit = "Y/103/6402", kind = "optional", theme = "Impression and Image" }, -- 20 Champion Customer Service
      { unit = "M/101/9394", kind = "optional", theme = "Delivery" }, -- 27 Maintain and develop a healthy and safe customer service environment
      { unit = "D/101/9391", kind = "optional", theme = "Delivery" }, -- 28 Plan, organise and control customer service operations
      { unit = "Y/101/9387", kind = "optional", theme = "Delivery" }, -- 29 Evaluate the quality of customer service
      { unit = "F/101/9383", kind = "optional", theme = "Delivery" }, -- 30 Build and maintain effective customer relations
      { unit = "D/103/6319", kind = "optional", theme = "Handling Problems" }, -- 33 Apply risk assessment to customer service
      { unit = "K/101/9393", kind = "optional", theme = "Handling Problems" }, -- 35 Handle referred customer complaints
      { unit = "M/103/6339", kind = "optional", theme = "Development and Improvement" }, -- 42 Lead a team to improve customer service
      { unit = "M/103/6406", kind = "optional", theme = "Development and Improvement" }, -- 44 Implement quality improvements to customer service
      { unit = "T/103/6407", kind = "optional", theme = "Development and Improvement" }, -- 45 Plan and organise the development of customer service staff
      { unit = "K/103/6405", kind = "optional", theme = "Development and Improvement" }, -- 46 Develop a customer service strategy for an area
      { unit = "H/103/6404", kind = "optional", theme = "Development and Improvement" }, -- 47 Work as a member of a team to deliver seamless customer service
      { unit = "D/103/6403", kind = "optional", theme = "Development and Improvement" }, -- 48 Manage a customer service award programme
    },
    rules = {
      total_units = 9,
      mandatory_units = 2,
      optional_units = 7,
      themes_min_each = 1,
      brought_forward = { from_level = 3, count = 5, max_claimable = 5, units = "unknown" },
      carried_forward = "unknown",
      text = "To achieve this qualification, candidates must achieve 9 units made up of 2 mandatory units and 7 optional units (including at least one unit from each theme).\n\nCandidates can also undertake additional units, although they are not required to complete the qualification.\n\nThis qualification contains 5 units that can be brought forward from Level 3; all of these can be claimed towards a Level 4 qualification.",
    },
    source = "003_fb839c99cc443610.txt (OCR Centre Handbook, Level 2/3/4 NVQ in Customer Service) §2.1 qualification profile lines 146-158, §6.2 lines 1024-1128",
    notes = {
      "Title, code, QAN and dates from the §2.1 qualification profile (003_fb839c99cc443610.txt lines 146-158); units and rules from §6.2 (lines 1024-1128).",
      "Dates printed as 31/07/2009 (last registration) and 31/07/2012 (last certification), each marked '*' (OCR will inform centres of changes, line 124) and with an empty \"Revised date:\" column; no revised dates are given.",
      "Units listed in §6.2: 2 mandatory + 14 optional = 16 (Impression and Image 2, Delivery 4, Handling Problems 2, Development and Improvement 6). The rule asks for 2 mandatory + 7 optional = 9, at least one optional unit from each of the 4 themes: the 2 listed mandatory units match the 2 required and every theme has at least one unit, so the rule can be met.",
      "The §2.1 profile (line 152) words the theme condition \", at least one unit from each theme.\" where §6.2 says \"(including at least one unit from each theme).\"; `text` quotes §6.2 (lines 1028-1032), whose paragraphs are joined with blank lines.",
      "Age group is not printed in the profile (§2.4, line 200, says the NVQs \"are open to candidates of any age\"); age_group left out.",
      "brought_forward: the seed does not name the 5 units that can be brought forward from Level 3: units = \"unknown\". \"all of these can be claimed\" is recorded as max_claimable = 5. The count matches the 5 units printed in both the Level 3 and Level 4 lists (7, 8, 18, 33, 42), two of which (7, 8) are mandatory at both levels, but the seed does not say these are the ones.",
      "carried_forward: the Level 4 profile and §6.2 say nothing about carrying units forward (no higher level in this handbook): carried_forward = \"unknown\".",
      "Units 28, 29, 30, 33, 35, 42, 44, 45, 46, 47 and 48 (lines 1072-1126) are printed as bullets with an unmatched \"**\" and indented bulleted elements; they are units of their themes like the plainly printed 18, 20 and 27.",
    },
  },
},
}
