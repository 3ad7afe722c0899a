-- catalogue/OCR/unit-AG26.lua — OCR unit 23 (sector reference AG26), Level 4:
-- "Negotiate and maintain service agreements".
-- Source: /work/shared/seeds/000_989cf4847903b7bd.txt (whole file, lines 1-51).
-- This is NOT the handbook's unit 23 "Recognise diversity when delivering customer service"
-- (QCA L/103/6283, in units-customer-service.lua): two different OCR units share the number 23,
-- so this one is keyed by its sector reference.
return {
units = {
  {
    id = "AG26",
    number = "23",
    title = "Negotiate and maintain service agreements",
    reference = { scheme = "sector", value = "AG26" },
    level = 4,
    credit = 3,
    glh = 20,
    aim = "To demonstrate that the candidate can conduct negotiations on service provisions.",
    simulation = { allowed = false, scope = "any", text = "Simulation is not allowed for any part of this unit." },
    rwe = {
      allowed = "unknown",
      text = "All evidence of your performance must be generated in your workplace, in accordance with organisational procedures and national, local and professional guidelines.",
    },
    outcomes = {
      {
        number = "1",
        title = "Be able to negotiate service provision with other parties",
        criteria = {
          { number = "1.1", text = "Identify appropriate other parties with whom agreements have to be reached" },
          { number = "1.2", text = "Establish the organisation's and other party's aims, policies, resources and procedures for service delivery to end users" },
          { number = "1.3", text = "Introduce, promote and negotiate service agreements with other parties" },
        },
      },
      {
        number = "2",
        title = "Be able to conduct negotiations within the agreed requirements of the provider and receiving organisation contract",
        criteria = {
          { number = "2.1", text = "Agree roles and responsibilities of each party in relation to the service agreement" },
          { number = "2.2", text = "Negotiate service agreements with other parties" },
          { number = "2.3", text = "Liaise effectively with other parties during negotiation of service agreements" },
          { number = "2.4", text = "Agree, obtain and record necessary approvals and endorsements" },
        },
      },
      {
        number = "3",
        title = "Be able to monitor and evaluate service agreements",
        criteria = {
          { number = "3.1", text = "Implement agreed criteria for monitoring, analysing and evaluating the effectiveness of service agreements" },
          { number = "3.2", text = "Identify, agree and meet the support needs of other parties" },
          { number = "3.3", text = "Facilitate the renegotiation of service agreements to maintain the effectiveness of the service" },
        },
      },
    },
    -- The "Evidence requirements" section (lines 23-45) is unnumbered prose with no lettered
    -- items; each paragraph is one requirement, numbered here in reading order (see notes).
    evidence_requirements = {
      { number = "1", text = "Simulation is not allowed for any part of this unit." },
      { number = "2", text = "All evidence of your performance must be generated in your workplace, in accordance with organisational procedures and national, local and professional guidelines." },
      { number = "3", text = "Prior to commencing this unit you should agree and complete an assessment plan with your assessor which details the assessment methods you will be using and the tasks you will be undertaking to demonstrate your competence." },
      { number = "4", text = "You must provide your assessor with evidence for all of the assessment criteria for each learning outcome. Your assessor must be satisfied that you are able to undertake your work activities consistently over a period of time." },
      { number = "5", text = "It is up to your assessor, working with the guidance provided, to determine a suitable mix of assessment methods, and to decide on the amount and type of evidence that is required to judge your competence." },
      { number = "6", text = "The preferred assessment methods to be used for this unit are:" },
      { number = "7", text = "Direct observation of performance: Observation of you undertaking real work activities. This could involve interacting with clients or providing information to clients." },
      { number = "8", text = "Evaluation of work products: Any item generated from real work activities. Evidence could be from different locations and from a variety of sources. This could include case notes, records and correspondence. It is not required in your portfolio and can remain where it is normally stored. The location and relevance of the evidence must be indicated in your portfolio. The evidence must be available for assessment and verification." },
      { number = "9", text = "Questioning: Questions to ensure that you are able to apply your knowledge to your performance in the real work place. This may be used for areas not observed or evidenced through work products. This may be oral or written but evidence of the questioning must be recorded in an appropriate format. In addition your assessor may ask questions to clarify aspects of your practice." },
      { number = "10", text = "Witness testimony: A confirmation or authentication of activities described in your evidence which your assessor has not seen. This could include a report or statement from a line manager or other appropriate person." },
      { number = "11", text = "Professional discussion: A structured discussion with your assessor, about your performance of specific activities and a reflection on the reasons why you practised that way. The key aspects of this discussion will be recorded in a suitable format as evidence in your portfolio." },
    },
    assessment = "This qualification is internally assessed by centre staff and externally verified by an OCR Assessor.",
    source = "000_989cf4847903b7bd.txt (OCR unit 23, sector reference AG26): header lines 3-8, aim line 12, outcomes and criteria lines 14-17, assessment line 21, evidence requirements lines 23-45, NOS lines 47-51",
    notes = {
      "Two different OCR units are numbered 23: this one (sector reference AG26, \"Negotiate and maintain service agreements\", 000 line 4-5) and the Customer Service handbook's unit 23 \"Recognise diversity when delivering customer service\" (QCA L/103/6283, 003 lines 822-826 and 938-943). id = \"AG26\" keeps them apart; number = \"23\" as printed.",
      "This unit belongs to none of the three handbook qualifications (05943, 05944, 05945): it appears in none of the §6.2 unit lists of 003_fb839c99cc443610.txt. The seed names no qualification it belongs to; it derives from the National Occupational Standards in Advice and Guidance 2006 (Lifelong Learning UK) (line 49).",
      "No QCA unit number or UAN is printed; only the OCR unit number (23) and the unit sector reference (AG26).",
      "The 'The Learner will:' / 'The Learner can:' column headings and the <p> tags of the outcomes table (lines 15-17) are layout, not part of the outcome and criterion texts.",
      "Evidence requirements: the seed prints no numbers and no lettered items; the eleven paragraphs of lines 25-45 are numbered 1-11 here in reading order (the numbers are not printed). Paragraph 6 introduces the five preferred assessment methods (paragraphs 7-11). No requirement has a `rule`.",
      "Realistic working environment: the seed does not mention an RWE, so rwe.allowed = \"unknown\"; the nearest wording (line 27), quoted as rwe.text, requires all performance evidence to be generated in the candidate's workplace, which suggests an RWE would not be accepted.",
      "Simulation: \"Simulation is not allowed for any part of this unit.\" (line 25): scope \"any\".",
      "The assessment wording (line 21) says \"This qualification\" and \"an OCR Assessor\" although it is in a unit and OCR elsewhere speaks of external verifiers; kept as printed.",
      "No knowledge/understanding column is given for this unit.",
    },
  },
},
}
