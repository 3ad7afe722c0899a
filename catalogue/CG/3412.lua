-- catalogue/CG/3412.lua — City & Guilds 3412 NVQ in Contact Centre Operations: the five
-- qualifications 3412-01 ... 3412-05.
-- Source: seeds/001_d0da2d14e6e4dd64.txt (Levels 4 and 5 imported unit pack, September 2014
-- Version 1.1). Line numbers are seed line numbers.
--
-- The seed is an *imported unit pack*: it lists only the units imported from other suites
-- (411-418 from the Institute of Customer Service / Council for Administration, 509-512 from
-- the Council for Administration). The contact-centre specific units and the rules of
-- combination are in the qualification handbook, which is not a seed, so each `units` list
-- below is the imported units only and every `kind` and `rules` is "unknown".
return {
  qualifications = {
    {
      code = "3412-01",
      title = "Level 1 Award in Contact Centre Operations",
      level = 1,
      accreditation = { scheme = "Accreditation number", number = "600/1244/4" },
      age_group = "All",
      last_registration = "unknown",
      last_certification = "unknown",
      units = {}, -- no imported unit is ticked in the L1 Award column (seed lines 66-80)
      rules = "unknown",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Qualification at a glance, lines 13-27; List of imported units, lines 62-80",
      notes = {
        "Title, City & Guilds number and accreditation number from the table at seed line 23; age group from \"Age group approved\" (line 17): \"Level 1 Award – All\".",
        "units is empty: the List of imported units table (lines 66-80) ticks no imported unit for the L1 Award, and the introduction (lines 54-58) names only the Level 3 and Level 4 Diplomas as containing imported units. The qualification's own (contact-centre specific) units are in the qualification handbook (line 60: \"For full information on the 3412 qualification and for the qualification handbook containing the contact centre specific units see www.cityandguilds.com\"), which is not in the seed.",
        "last_registration and last_certification are unknown: the seed says \"See Walled Garden/online catalogue for last dates\" (line 20).",
        "rules is unknown: the seed says \"For full structures and rules of combination for each of the qualifications please see the qualification handbook which can be found on the City & Guilds website www.cityandguilds.com\" (line 64).",
        "Assessment: \"Portfolio of evidence for each unit\" (line 18). \"Automatic approval available from 2703\" (line 19) is printed as is; what \"2703\" refers to is not explained.",
      },
    },
    {
      code = "3412-02",
      title = "Level 1 Certificate in Contact Centre Operations",
      level = 1,
      accreditation = { scheme = "Accreditation number", number = "600/1286/9" },
      age_group = "All",
      last_registration = "unknown",
      last_certification = "unknown",
      units = {}, -- no imported unit is ticked in the L1 Cert column (seed lines 66-80)
      rules = "unknown",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Qualification at a glance, lines 13-27; List of imported units, lines 62-80",
      notes = {
        "Title, City & Guilds number and accreditation number from the table at seed line 24; age group from \"Age group approved\" (line 17): \"Level 1 Certificate – All\".",
        "units is empty: the List of imported units table (lines 66-80) ticks no imported unit for the L1 Cert, and the introduction (lines 54-58) names only the Level 3 and Level 4 Diplomas as containing imported units. The qualification's own (contact-centre specific) units are in the qualification handbook (line 60), which is not in the seed.",
        "last_registration and last_certification are unknown: the seed says \"See Walled Garden/online catalogue for last dates\" (line 20).",
        "rules is unknown: the seed says \"For full structures and rules of combination for each of the qualifications please see the qualification handbook which can be found on the City & Guilds website www.cityandguilds.com\" (line 64).",
      },
    },
    {
      code = "3412-03",
      title = "Level 2 Certificate in Contact Centre Operations",
      level = 2,
      accreditation = { scheme = "Accreditation number", number = "600/1135/X" },
      age_group = "All",
      last_registration = "unknown",
      last_certification = "unknown",
      units = {}, -- no imported unit is ticked in the L2 Cert column (seed lines 66-80)
      rules = "unknown",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Qualification at a glance, lines 13-27; List of imported units, lines 62-80",
      notes = {
        "Title, City & Guilds number and accreditation number from the table at seed line 25; age group from \"Age group approved\" (line 17): \"Level 2 Certificate – All\". The accreditation number ends in the check character X, as printed.",
        "units is empty: the List of imported units table (lines 66-80) ticks no imported unit for the L2 Cert, and the introduction (lines 54-58) names only the Level 3 and Level 4 Diplomas as containing imported units. The qualification's own (contact-centre specific) units are in the qualification handbook (line 60), which is not in the seed.",
        "last_registration and last_certification are unknown: the seed says \"See Walled Garden/online catalogue for last dates\" (line 20).",
        "rules is unknown: the seed says \"For full structures and rules of combination for each of the qualifications please see the qualification handbook which can be found on the City & Guilds website www.cityandguilds.com\" (line 64).",
      },
    },
    {
      code = "3412-04",
      title = "Level 3 Diploma in Contact Centre Operations",
      level = 3,
      accreditation = { scheme = "Accreditation number", number = "600/1136/1" },
      age_group = "16+",
      last_registration = "unknown",
      last_certification = "unknown",
      units = {
        { unit = "T/601/1235", kind = "unknown" }, -- 411 Champion customer service (Level 4)
        { unit = "K/601/1524", kind = "unknown" }, -- 412 Handle referred customer complaints (Level 4)
      },
      rules = "unknown",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Qualification at a glance, lines 13-27; Introduction, lines 54-58; List of imported units, lines 62-80",
      notes = {
        "Title, City & Guilds number and accreditation number from the tables at seed lines 26 and 57 (they agree); age group from \"Age group approved\" (line 17): \"Level 3 Diploma – 16+\".",
        "units lists only the imported units ticked in the L3 Dip column of the List of imported units table: 411 (line 67) and 412 (line 68). The qualification's contact-centre specific units are in the qualification handbook (line 60), which is not in the seed, so this list is incomplete.",
        "kind is unknown for every unit: the seed does not say whether an imported unit is mandatory or optional.",
        "Units 411 and 412 are Level 4 units inside this Level 3 Diploma (list table, lines 67-68).",
        "last_registration and last_certification are unknown: the seed says \"See Walled Garden/online catalogue for last dates\" (line 20).",
        "rules is unknown: the seed says \"For full structures and rules of combination for each of the qualifications please see the qualification handbook which can be found on the City & Guilds website www.cityandguilds.com\" (line 64).",
      },
    },
    {
      code = "3412-05",
      title = "Level 4 Diploma in Contact Centre Operations",
      level = 4,
      accreditation = { scheme = "Accreditation number", number = "600/1288/2" },
      age_group = "18+",
      last_registration = "unknown",
      last_certification = "unknown",
      units = {
        { unit = "T/601/1235", kind = "unknown" }, -- 411 Champion customer service (Level 4)
        { unit = "K/601/1524", kind = "unknown" }, -- 412 Handle referred customer complaints (Level 4)
        { unit = "L/601/1578", kind = "unknown" }, -- 413 Implement quality improvements to customer service (Level 4)
        { unit = "Y/601/1597", kind = "unknown" }, -- 414 Apply technology or other resources to improve customer service (Level 4)
        { unit = "R/601/1601", kind = "unknown" }, -- 415 Review and re-engineer customer service processes (Level 4)
        { unit = "R/600/9587", kind = "unknown" }, -- 416 Develop, maintain and review personal networks (Level 4)
        { unit = "Y/600/9798", kind = "unknown" }, -- 417 Prepare for and support quality audits (Level 4)
        { unit = "M/600/9791", kind = "unknown" }, -- 418 Analyse the market in which your organisation operates (Level 4)
        { unit = "Y/600/9588", kind = "unknown" }, -- 509 Develop and evaluate operational plans for own area of responsibility (Level 5)
        { unit = "T/600/9632", kind = "unknown" }, -- 510 Promote equality of opportunity, diversity and inclusion across an organisation (Level 5)
        { unit = "T/600/9694", kind = "unknown" }, -- 511 Developing collaborative relationships with other organisations (Level 5)
        { unit = "A/600/9664", kind = "unknown" }, -- 512 Examine staff turnover issues in own area of responsibility (Level 5)
      },
      rules = "unknown",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Qualification at a glance, lines 13-27; Introduction, lines 54-58; List of imported units, lines 62-80",
      notes = {
        "Title, City & Guilds number and accreditation number from the tables at seed lines 27 and 58 (they agree); age group from \"Age group approved\" (line 17): \"Level 4 Diploma – 18+\".",
        "units lists only the imported units ticked in the L4 Dip column of the List of imported units table: all twelve, 411-418 and 509-512 (lines 67-80; the table is split in two by a repeated header at line 77). The qualification's contact-centre specific units are in the qualification handbook (line 60), which is not in the seed, so this list is incomplete.",
        "kind is unknown for every unit: the seed does not say whether an imported unit is mandatory or optional.",
        "Units 509, 510, 511 and 512 are Level 5 units inside this Level 4 Diploma (list table, lines 75 and 78-80; unit introductions, lines 783, 841, 910, 988).",
        "last_registration and last_certification are unknown: the seed says \"See Walled Garden/online catalogue for last dates\" (line 20).",
        "rules is unknown: the seed says \"For full structures and rules of combination for each of the qualifications please see the qualification handbook which can be found on the City & Guilds website www.cityandguilds.com\" (line 64).",
      },
    },
  },
}
