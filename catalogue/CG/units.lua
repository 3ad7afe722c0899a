-- catalogue/CG/units.lua — City & Guilds imported units 411-418 and 509-512 of the
-- 3412 NVQ in Contact Centre Operations (Levels 4 and 5 imported unit pack, September 2014
-- Version 1.1; seed /work/shared/seeds/001_d0da2d14e6e4dd64.txt).
-- All texts are verbatim from the seed (markdown ** and leading "- " bullets stripped).
-- Line numbers in notes and comments are seed line numbers.
return {
  units = {
    -- Unit 411 Champion customer service (seed lines 82-180)
    {
      id = "T/601/1235",
      number = "411",
      title = "Champion customer service",
      reference = { scheme = "UAN", value = "T/601/1235" },
      level = 4,
      credit = 10,
      glh = 67,
      aim = "Staff with high levels of responsibility for customer service have an important role to play as champions of excellent service within their organisations. They should also promote customer service to service partners without whom their organisation cannot deliver reliable and excellent customer service. They need to have a great deal of knowledge and expertise from which others can benefit. This unit is about acting as a champion – being constantly alert for issues that affect customer service, analysing these issues and their implications, challenging on behalf of the customer and passing on any knowledge and expertise to others.",
      nos = "This unit directly relates to Unit A17 of the Customer Service NOS 2010.",
      support = "This unit has been developed by the Institute of Customer Service.",
      simulation = { allowed = false, scope = "performance", text = "Simulation is not allowed for any performance evidence within this Unit." }, -- ER 1
      rwe = { allowed = false, text = "Evidence collected in a realistic working environment or a work placement is not permissible for this Unit." }, -- ER 1
      outcomes = {
        {
          number = "1", -- line 120
          title = "Be able to promote the importance and benefits of customer service",
          criteria = {
            { number = "1.1", text = "explain the role of customer service within their organisation's strategic and business plans" },
            { number = "1.2", text = "monitor developments in their organisation in order to identify those important to customer service" },
            { number = "1.3", text = "analyse the implications of these customer service developments" },
            { number = "1.4", text = "question and challenge developments from the customer's standpoint" },
            { number = "1.5", text = "use their influence to ensure that developments improve customer service" },
          },
        },
        {
          number = "2", -- line 130
          title = "Be able to provide advice and information on customer service issues",
          criteria = {
            { number = "2.1", text = "inform customer that they can provide customer service advice and information" },
            { number = "2.2", text = "respond to requests for customer service advice and information" },
            { number = "2.3", text = "carry out any necessary research to enhance or verify the advice and information they are giving" },
            { number = "2.4", text = "communicate customer service advice and information effectively" },
            { number = "2.5", text = "help others to explore the implications of their advice and information for their own work and identify actions that the advice and information might prompt" },
            { number = "2.6", text = "monitor how effective their advice and information has been" },
            { number = "2.7", text = "review the way they collect information, formulate advice and communicate it to others" },
          },
        },
        {
          number = "3", -- line 142
          title = "Know how to champion customer service",
          criteria = {
            { number = "3.1", text = "describe the processes for decision making within their organisation and who is involved" },
            { number = "3.2", text = "explain how to monitor developments within their organisation" },
            { number = "3.3", text = "describe how to use their influence and authority to affect decision making" },
            { number = "3.4", text = "describe the types of developments that are likely to affect customer service and how to analyse the implications for customer service" },
            { number = "3.5", text = "explain the importance of empathising with customers and how to represent their viewpoint in a constructive way" },
            { number = "3.6", text = "explain how to identify when others need advice and information on customer service issues" },
            { number = "3.7", text = "explain how to use different types of research to support their advice and information on customer service" },
            { number = "3.8", text = "explain how to apply their advice and information in practice" },
            { number = "3.9", text = "explain how to monitor the effect of their advice and information" },
          },
        },
      },
      evidence_requirements = {
        { -- line 160
          number = "1",
          text = "Your evidence should be collected when carrying out a real job, whether paid or voluntary, and when dealing with real customers, whether internal or external to the organisation. Evidence collected in a realistic working environment or a work placement is not permissible for this Unit. Simulation is not allowed for any performance evidence within this Unit.",
        },
        { -- line 161
          number = "2",
          text = "You may collect the evidence for the Unit through work in a private sector organisation, a not-for-profit organisation or a public services organisation.",
        },
        { -- line 162
          number = "3",
          text = "You must provide evidence that shows you have done this over a sufficient period of time for your assessor to be confident that you are competent.",
        },
        { -- line 163; rule: "are:" followed by a plain list, no choice
          number = "4",
          text = "You must provide evidence that you have monitored developments that, in relation to your own area of responsibility, are:",
          items = {
            { letter = "a", text = "strategic" },
            { letter = "b", text = "operational." },
          },
          rule = { all = true },
        },
        { -- line 166; rule: "for:" followed by a plain list, no choice
          number = "5",
          text = "Your evidence must show that you have analysed the implications of customer service developments for:",
          items = {
            { letter = "a", text = "the quality of services or products" },
            { letter = "b", text = "the way services or products are delivered" },
            { letter = "c", text = "customer relationships." },
          },
          rule = { all = true },
        },
        { -- line 170; rule: "from two of these groups:"
          number = "6",
          text = "You must provide evidence that you have responded to requests for information and advice from two of these groups:",
          items = {
            { letter = "a", text = "front line staff" },
            { letter = "b", text = "supervisors or team leaders" },
            { letter = "c", text = "senior managers" },
            { letter = "d", text = "colleagues in other departments" },
            { letter = "e", text = "service partners." },
          },
          rule = { min = 2 },
        },
        { -- line 176; rule: "about:"
          number = "7",
          text = "Your evidence must show that you have provided information and advice about:",
          items = {
            { letter = "a", text = "the quality of services or products" },
            { letter = "b", text = "the way services or products are delivered" },
            { letter = "c", text = "customer relationships." },
          },
          rule = { all = true },
        },
        { -- line 180; "two different communication media": a minimum of two, but no lettered items, so no `rule` (docs/catalogue.md: a requirement without lettered items has no rule)
          number = "8",
          text = "Your evidence must show that you have communicated customer service advice and information using two different communication media.",
        },
      },
      assessment = "This unit will be assessed by portfolio of evidence, as specified in the Institute of Customer Service (ICS) Customer Service Assessment Strategy 2010.",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Unit 411, lines 82-180; list of imported units table, line 67",
      notes = {
        "id and reference are the UAN printed in the list table and the unit introduction.",
        "No \"Unit 411\" heading precedes the unit's Level/Credit value/UAN block (seed lines 82-86): the block follows \"The units follow in City & Guilds unit number order.\" directly. The block is identified as unit 411 by its UAN T/601/1235 (list table, line 67); the title is taken from the list table (line 67) and the headings at lines 116 and 156 (line 116 prints it as markdown bold, stripped).",
        "Level 4, credit 10, UAN T/601/1235 and GLH 67 agree between the list table (line 67) and the unit introduction (lines 84-86, 102).",
        "The introduction says \"three\" learning outcomes (line 94); three are listed and three are given with criteria.",
        "Criterion 2.1 reads \"inform customer that they can provide customer service advice and information\" (no article before \"customer\"): kept verbatim.",
        "No criterion of this unit ends with a full stop; the last lettered item of each evidence requirement does (\"operational.\", \"customer relationships.\", \"service partners.\"): kept as printed.",
        "Evidence requirement 8 asks for \"two different communication media\" but prints no lettered items, so it has no rule (docs/catalogue.md: a requirement without lettered items has no rule).",
        "Simulation: ER 1 says \"Simulation is not allowed for any performance evidence within this Unit.\" (scope performance); the unit's Assessment paragraph refers to the ICS Customer Service Assessment Strategy 2010, which is not in the seed.",
        "The nos and support fields are not in docs/catalogue.md's unit table; they hold the unit's \"Details of the relationship between the unit and relevant national occupational standards\" and \"Support of the unit by a sector or other appropriate body\" texts verbatim.",
      },
    },
    -- Unit 412 Handle referred customer complaints (seed lines 182-284)
    {
      id = "K/601/1524",
      number = "412",
      title = "Handle referred customer complaints",
      reference = { scheme = "UAN", value = "K/601/1524" },
      level = 4,
      credit = 10,
      glh = 67,
      aim = "However effectively customer service is organised, customers make complaints from time to time. In some organisations, it is simply a matter of procedure for all complaints to be handled by particular people. Sometimes, front-line staff or supervisors can deal with these complaints, however, often more senior staff must deal with the complaint. This is either because of the severity of the complaint and its implications for the organisation, or because the customer will accept the solution only if it is dealt with at a senior level. This may require someone with the authority and influence to adapt existing policies and procedures to find an acceptable solution. It is also important for this person to explore patterns and trends in significant complaints and recommend changes to policies and procedures to avoid repetition.",
      nos = "This unit directly relates to Unit C8 of the Customer Service NOS 2010.",
      support = "This unit has been developed by the Institute of Customer Service.",
      simulation = { allowed = false, scope = "performance", text = "Simulation is not allowed for any performance evidence within this Unit." }, -- ER 1
      rwe = { allowed = false, text = "Evidence collected in a realistic working environment or a work placement is not permissible for this Unit." }, -- ER 1
      outcomes = {
        {
          number = "1", -- line 223
          title = "Be able to investigate referred customer complaints",
          criteria = {
            { number = "1.1", text = "collect all the available information on the nature of the complaint and identify and analyse the organisational implications of the complaint" },
            { number = "1.2", text = "take personal responsibility for dealing with the complaint subject to the limits of their authority" },
            { number = "1.3", text = "keep their customer informed about what steps are being taken to deal with the customer's complaint" },
            { number = "1.4", text = "follow the correct procedures if their customer wishes to escalate the complaint even higher or if the complaint has wider implications for the organisation." },
          },
        },
        {
          number = "2", -- line 232
          title = "Be able to take action to deal with referred customer complaints",
          criteria = {
            { number = "2.1", text = "identify a range of possible solutions that balance customer expectations and the organisation's service offer" },
            { number = "2.2", text = "liaise with their customer and colleagues to negotiate an acceptable solution" },
            { number = "2.3", text = "agree a solution that adapts current policies and procedures within their own authority and furthers their organisation's aims and objectives" },
            { number = "2.4", text = "implement the agreed solution and liaise with their customer to ensure that the customer is satisfied with the action that has been taken" },
          },
        },
        {
          number = "3", -- line 241
          title = "Be able to identify repeated customer complaints and recommend changes to policies and procedures",
          criteria = {
            { number = "3.1", text = "identify patterns and trends in customer complaints" },
            { number = "3.2", text = "analyse trends in customer complaints" },
            { number = "3.3", text = "identify solutions acceptable to their customers that fit the organisation's service offer" },
            { number = "3.4", text = "identify possible changes to customer service policies and procedures" },
            { number = "3.5", text = "consider the benefits and drawbacks of each possible change in terms of balancing customer service and organisational aims" },
            { number = "3.6", text = "select an option for change and follow organisational procedures to ensure that their recommendations come to the attention of decision makers" },
          },
        },
        {
          number = "4", -- line 252
          title = "Understand how to handle referred customer complaints",
          criteria = {
            { number = "4.1", text = "explain the importance of minimising customer complaints and dealing with them effectively and promptly when they occur" },
            { number = "4.2", text = "explain their organisation's complaints procedures and the limits of their authority" },
            { number = "4.3", text = "describe the procedures they must follow if a complaint is likely to be escalated or have wider implications" },
            { number = "4.4", text = "describe the types of complaints that could have wider implications for their organisation" },
            { number = "4.5", text = "explain why it is important to communicate with their customer at all stages of the complaints procedure" },
            { number = "4.6", text = "explain how to devise solutions that balance customer expectations and organisational aims" },
            { number = "4.7", text = "explain why it is important to identify and present to the customer a range of possible options" },
            { number = "4.8", text = "explain why it may be necessary sometimes to adapt organisational policies and procedures to provide a solution acceptable to their customer and how they could justify this" },
            { number = "4.9", text = "research how to identify trends and patterns in customer complaints and solutions" },
            { number = "4.10", text = "describe how to explore the implications of these patterns and trends for their organisations policies and procedures" },
            { number = "4.11", text = "explain how to recommend changes to organisational policies and procedures" },
          },
        },
      },
      evidence_requirements = {
        { -- line 272
          number = "1",
          text = "Your evidence should be collected when carrying out a real job, whether paid or voluntary, and when dealing with real customers, whether internal or external to the organisation. Evidence collected in a realistic working environment or a work placement is not permissible for this Unit. Simulation is not allowed for any performance evidence within this Unit.",
        },
        { -- line 273
          number = "2",
          text = "You may collect the evidence for the Unit through work in a private sector organisation, a not-for-profit organisation or a public services organisation.",
        },
        { -- line 274
          number = "3",
          text = "You must provide evidence that shows you have done this over a sufficient period of time for your assessor to be confident that you are competent.",
        },
        { -- line 275; rule: "collected and analysed:" followed by a plain list, no choice
          number = "4",
          text = "You must provide evidence that you have collected and analysed:",
          items = {
            { letter = "a", text = "qualitative information" },
            { letter = "b", text = "quantitative information." },
          },
          rule = { all = true },
        },
        { -- line 278; rule: "customers who are:" followed by a plain list, no choice
          number = "5",
          text = "You must show that you have dealt with complaints from customers who are:",
          items = {
            { letter = "a", text = "prepared to accept your proposed solutions" },
            { letter = "b", text = "not prepared to accept your proposed solutions." },
          },
          rule = { all = true },
        },
        { -- line 281; rule: "must include examples of:" followed by a plain list, no choice
          number = "6",
          text = "The complaints included in your evidence must include examples of:",
          items = {
            { letter = "a", text = "a difference between customer expectations and what is offered by your organisation" },
            { letter = "b", text = "a problem resulting from a system or procedure failure" },
            { letter = "c", text = "a problem resulting from a shortage of resources or human error." },
          },
          rule = { all = true },
        },
      },
      assessment = "This unit will be assessed by portfolio of evidence, as specified in the Institute of Customer Service (ICS) Customer Service Assessment Strategy 2010.",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Unit 412, lines 182-284; list of imported units table, line 68",
      notes = {
        "id and reference are the UAN printed in the list table and the unit introduction.",
        "Level 4, credit 10, UAN K/601/1524 and GLH 67 agree between the list table (line 68) and the unit introduction (lines 186-188, 205).",
        "The introduction says \"four\" learning outcomes (line 196); four are listed and four are given with criteria.",
        "Criterion 1.4 ends with a full stop (line 230); no other criterion of this unit does: kept as printed.",
        "Criterion 4.9 reads \"research how to identify trends and patterns ...\" inside a knowledge outcome (\"Understand how to ...\"): kept verbatim.",
        "Criterion 4.10 reads \"their organisations policies and procedures\" (no apostrophe): kept verbatim.",
        "Simulation: ER 1 says \"Simulation is not allowed for any performance evidence within this Unit.\" (scope performance).",
        "The nos and support fields are not in docs/catalogue.md's unit table; they hold the unit's \"Details of the relationship between the unit and relevant national occupational standards\" and \"Support of the unit by a sector or other appropriate body\" texts verbatim.",
      },
    },
    -- Unit 413 Implement quality improvements to customer service (seed lines 286-391)
    {
      id = "L/601/1578",
      number = "413",
      title = "Implement quality improvements to customer service",
      reference = { scheme = "UAN", value = "L/601/1578" },
      level = 4,
      credit = 10,
      glh = 67,
      aim = "Introducing quality improvements to customer service requires careful management of change. This unit covers the detailed planning of customer service improvements, managing the changes that need to take place to implement the improvements, and then evaluating the results. It includes the consultation and communication processes that are vital to the successful implementation of improvements and management of change. In particular it is vital to involve customers at all stages of the quality improvement process.",
      nos = "This unit directly relates to Unit D14 of the Customer Service NOS 2010.",
      support = "This unit has been developed by the Institute of Customer Service.",
      simulation = { allowed = false, scope = "performance", text = "Simulation is not allowed for any performance evidence within this Unit." }, -- ER 1
      rwe = { allowed = false, text = "Evidence collected in a realistic working environment or a work placement is not permissible for this Unit." }, -- ER 1
      outcomes = {
        {
          number = "1", -- line 327
          title = "Be able to plan the introduction of customer service improvements",
          criteria = {
            { number = "1.1", text = "identify possible customer service improvements and the resources available to implement them" },
            { number = "1.2", text = "evaluate factors that may help or hinder the introduction of change" },
            { number = "1.3", text = "develop realistic objectives, tasks and schedules for the introduction of improvements and agree them with colleagues" },
            { number = "1.4", text = "assess the risks associated with each action to effect change" },
            { number = "1.5", text = "plan how they will evaluate the proposed improvements" },
          },
        },
        {
          number = "2", -- line 337
          title = "Be able to manage the implementation of customer service improvements",
          criteria = {
            { number = "2.1", text = "inform the people who will be affected by change, win their support and keep them informed of progress" },
            { number = "2.2", text = "implement their plans for improvements dealing effectively with any difficulties" },
            { number = "2.3", text = "provide the necessary support to all their colleagues who are involved with changes and improvements" },
            { number = "2.4", text = "ensure that the planned improvements are implemented on time and within budget" },
          },
        },
        {
          number = "3", -- line 346
          title = "Be able to monitor and evaluate customer service improvements",
          criteria = {
            { number = "3.1", text = "monitor and evaluate the impact that the changes are having on the quality of customer service" },
            { number = "3.2", text = "identify and recommend any further changes that may be necessary to achieve the planned aims and objectives of the improvements" },
            { number = "3.3", text = "identify any lessons from the change process and note these for future activities" },
          },
        },
        {
          number = "4", -- line 354
          title = "Understand how to implement quality improvements to customer service",
          criteria = {
            { number = "4.1", text = "explain the importance of careful planning when introducing change" },
            { number = "4.2", text = "evaluate the types of factors that may help or hinder the process of change and how to identify and plan for these" },
            { number = "4.3", text = "describe how to develop plans that contain realistic objectives, tasks and schedules" },
            { number = "4.4", text = "explain the importance of having clear lines of responsibility and accountability" },
            { number = "4.5", text = "explain how to identify and plan for possible contingencies" },
            { number = "4.6", text = "describe the importance of clear communication when changes are taking place" },
            { number = "4.7", text = "explain why it is important to win the support of people who will be affected by change" },
            { number = "4.8", text = "describe how to win over staff who are resistant to change" },
            { number = "4.9", text = "describe the types of support that staff may need when improvements are being implemented and how to provide such support" },
            { number = "4.10", text = "explain why it is important to complete change on time and within budget" },
          },
        },
      },
      evidence_requirements = {
        { -- line 373
          number = "1",
          text = "Your evidence should be collected when carrying out a real job, whether paid or voluntary, and when dealing with real customers, whether internal or external to the organisation. Evidence collected in a realistic working environment or a work placement is not permissible for this Unit. Simulation is not allowed for any performance evidence within this Unit.",
        },
        { -- line 374
          number = "2",
          text = "You may collect the evidence for the Unit through work in a private sector organisation, a not-for-profit organisation or a public services organisation.",
        },
        { -- line 375
          number = "3",
          text = "You must provide evidence that shows you have done this over a sufficient period of time for your assessor to be confident that you are competent.",
        },
        { -- line 376; rule: "the following resources"
          number = "4",
          text = "Your evidence must include planning for and using the following resources when implementing improvements to customer service:",
          items = {
            { letter = "a", text = "time" },
            { letter = "b", text = "human resources" },
            { letter = "c", text = "physical resources" },
            { letter = "d", text = "financial resources." },
          },
          rule = { all = true },
        },
        { -- line 381; rule: "communicating with:" followed by a plain list, no choice
          number = "5",
          text = "You must provide evidence of communicating with:",
          items = {
            { letter = "a", text = "customers" },
            { letter = "b", text = "front-line staff" },
            { letter = "c", text = "colleagues" },
            { letter = "d", text = "supervisors/team leaders" },
            { letter = "e", text = "senior managers" },
            { letter = "f", text = "service partners." },
          },
          rule = { all = true },
        },
        { -- line 388; "may be face to face, in writing, ... or by any other method": allowed forms (a choice), no lettered items, so no `rule`
          number = "6",
          text = "Your communication may be face to face, in writing, by telephone, text message, e-mail, internet (including social networking), intranet or by any other method you would be expected to use within your job role.",
        },
        { -- line 389; rule: "information that is:" followed by a plain list, no choice
          number = "7",
          text = "You must include evidence of collecting, analysing and using information that is:",
          items = {
            { letter = "a", text = "quantitative" },
            { letter = "b", text = "qualitative." },
          },
          rule = { all = true },
        },
      },
      assessment = "This unit will be assessed by portfolio of evidence, as specified in the Institute of Customer Service (ICS) Customer Service Assessment Strategy 2010.",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Unit 413, lines 286-391; list of imported units table, line 69",
      notes = {
        "id and reference are the UAN printed in the list table and the unit introduction.",
        "The unit introduction's Level/Credit value/UAN lines are printed with a tab after the colon (\"Level:\\t4\", lines 290-292), unlike the other units; the values (4, 10, L/601/1578) agree with the list table (line 69), as does GLH 67 (line 309).",
        "The introduction says \"four\" learning outcomes (line 300); four are listed and four are given with criteria.",
        "Evidence requirement 6 (\"Your communication may be face to face, in writing, ...\") lists allowed forms without lettered items, so it has no rule.",
        "Evidence requirement 5 (\"You must provide evidence of communicating with:\" a-f) has no choice wording and is read as all six.",
        "Simulation: ER 1 says \"Simulation is not allowed for any performance evidence within this Unit.\" (scope performance).",
        "The nos and support fields are not in docs/catalogue.md's unit table; they hold the unit's \"Details of the relationship between the unit and relevant national occupational standards\" and \"Support of the unit by a sector or other appropriate body\" texts verbatim.",
      },
    },
    -- Unit 414 Apply technology or other resources to improve customer service (seed lines 393-488)
    {
      id = "Y/601/1597",
      number = "414",
      title = "Apply technology or other resources to improve customer service",
      reference = { scheme = "UAN", value = "Y/601/1597" },
      level = 4,
      credit = 11,
      glh = 73,
      aim = "Customer service changes and improves sometimes through the application of technology or other resources as much as through changes in behaviour of those delivering the service. Whilst these changes can bring real benefits they inevitably come at an initial cost which must be taken into consideration. This unit is about the process of managing the application of technology or other resources to a customer service process. It involves a systematic approach to considering and evaluating options, implementing the most appropriate and reviewing the results.",
      nos = "This unit directly relates to Unit D18 of the Customer Service NOS 2010.",
      support = "This unit has been developed by the Institute of Customer Service.",
      simulation = { allowed = false, scope = "any", text = "Simulation is not allowed for any evidence within this Unit." }, -- ER 1
      rwe = { allowed = false, text = "Evidence collected in a realistic working environment or a work placement is not permissible for this Unit." }, -- ER 1
      outcomes = {
        {
          number = "1", -- line 434
          title = "Be able to identify and specify opportunities for customer service improvement",
          criteria = {
            { number = "1.1", text = "monitor developments in technology and the use of other resources to improve customer service" },
            { number = "1.2", text = "review customer service delivery systems with specific reference to use of resources and technology" },
            { number = "1.3", text = "identify opportunities and options for improving customer service by applying technology or other resources" },
            { number = "1.4", text = "analyse the customer service benefits that could result from options for improvement" },
            { number = "1.5", text = "specify the changes in technology or other resources needed to deliver the options" },
          },
        },
        {
          number = "2", -- line 444
          title = "Be able to evaluate options for applying technology or other resources to improve customer service",
          criteria = {
            { number = "2.1", text = "identify the options for improving customer service with the application of technology or other resources" },
            { number = "2.2", text = "establish the costs associated with each option for improving customer service" },
            { number = "2.3", text = "list and where possible quantify the benefits from each option for improving customer service" },
            { number = "2.4", text = "estimate the affordability of each option to improve customer service" },
            { number = "2.5", text = "recommend the most appropriate options for implementation" },
            { number = "2.6", text = "identify the probable effects of any recommended changes on their organisation's service offer and customer perceptions" },
            { number = "2.7", text = "plan a business case to support their recommendations for improvements through application of technology or other resources" },
          },
        },
        {
          number = "3", -- line 456
          title = "Be able to oversee the implementation of resource changes to improve customer service",
          criteria = {
            { number = "3.1", text = "plan implementation using details of agreed developments to improve customer service" },
            { number = "3.2", text = "brief colleagues about the implementation of customer service improvements and the expected benefits" },
            { number = "3.3", text = "monitor implementation of customer service improvements and the expected benefits" },
            { number = "3.4", text = "review implementation of customer service improvements with colleagues" },
            { number = "3.5", text = "make appropriate adjustments to implementation of customer service improvements as a result of review" },
          },
        },
        {
          number = "4", -- line 466
          title = "Understand how to apply technology or other resources to improve customer service",
          criteria = {
            { number = "4.1", text = "describe features and functionality of available technology that may contribute to improvements in customer service" },
            { number = "4.2", text = "evaluate how the application of additional resources other than technology can be used to improve customer service" },
            { number = "4.3", text = "describe methods for the systematic review of customer service systems" },
            { number = "4.4", text = "explain techniques to analyse the costs and benefits of options for improving customer service" },
            { number = "4.5", text = "describe methods for presenting a business case for applying technology or other resources to make improvements in customer service" },
            { number = "4.6", text = "explain briefing techniques for introducing colleagues to changes" },
            { number = "4.7", text = "describe ways to review and adjust customer service delivery after the implementation of changes" },
          },
        },
      },
      evidence_requirements = {
        { -- line 482
          number = "1",
          text = "Your evidence should be collected when carrying out a real job, whether paid or voluntary, and when dealing with real customers, whether internal or external to the organisation. Evidence collected in a realistic working environment or a work placement is not permissible for this Unit. Simulation is not allowed for any evidence within this Unit.",
        },
        { -- line 483
          number = "2",
          text = "You may collect the evidence for the Unit through work in a private sector organisation, a not-for-profit organisation or a public services organisation.",
        },
        { -- line 484
          number = "3",
          text = "You must provide evidence that shows you have done this over a sufficient period of time for your assessor to be confident that you are competent.",
        },
        { -- line 485; "may be electronic or non-electronic": allowed forms (a choice), no lettered items, so no `rule`
          number = "4",
          text = "The technology used in your evidence may be electronic or non-electronic.",
        },
        { -- line 486
          number = "5",
          text = "The costs you establish for each option for improving customer service must be financial.",
        },
        { -- line 487; "may be formal or informal": allowed forms (a choice), no lettered items, so no `rule`
          number = "6",
          text = "The business case you plan for applying technology or other resources to improve customer service may be formal or informal.",
        },
        { -- line 488; "may be formal or informal": allowed forms (a choice), no lettered items, so no `rule`
          number = "7",
          text = "Your review of the implementation of customer service improvements may be formal or informal.",
        },
      },
      assessment = "This unit will be assessed by portfolio of evidence, as specified in the Institute of Customer Service (ICS) Customer Service Assessment Strategy 2010.",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Unit 414, lines 393-488; list of imported units table, line 70",
      notes = {
        "id and reference are the UAN printed in the list table and the unit introduction.",
        "Level 4, credit 11, UAN Y/601/1597 and GLH 73 agree between the list table (line 70) and the unit introduction (lines 397-399, 416).",
        "The introduction says \"four\" learning outcomes (line 407); four are listed and four are given with criteria.",
        "Simulation: ER 1 says \"Simulation is not allowed for any evidence within this Unit.\" (line 482) - scope any, stricter than units 411-413 (\"any performance evidence\").",
        "No evidence requirement of this unit has lettered items. ERs 4, 6 and 7 (\"may be electronic or non-electronic\", \"may be formal or informal\") describe allowed forms; having no lettered items they have no rule.",
        "The nos and support fields are not in docs/catalogue.md's unit table; they hold the unit's \"Details of the relationship between the unit and relevant national occupational standards\" and \"Support of the unit by a sector or other appropriate body\" texts verbatim.",
      },
    },
    -- Unit 415 Review and re-engineer customer service processes (seed lines 490-588)
    {
      id = "R/601/1601",
      number = "415",
      title = "Review and re-engineer customer service processes",
      reference = { scheme = "UAN", value = "R/601/1601" },
      level = 4,
      credit = 11,
      glh = "unknown", -- list table 47 (line 71) vs unit introduction 73 (line 513): contradictory
      aim = "From time to time, a customer process must be subject to review. Most of all, this is because both customer expectations and the general environment change. In addition to this, features of the process evolve as it is operated and the customer service purpose of various details can be lost. This unit is about a systematic approach to reviewing and re-engineering a customer service process. The review seeks a balance of customer satisfaction, cost awareness and compliance with regulation. The review must be undertaken with the agreement and support of those with authority to make changes. It must also take account of the views of those who deliver the process and are in direct contact with customers. This unit is for the learner if they are responsible for reviewing customer service processes. Do not use this unit if the learner does not hold that responsibility and does not have the support of those with authority to make changes.",
      nos = "This unit directly relates to Unit D19 of the Customer Service NOS 2010.",
      support = "This unit has been developed by the Institute of Customer Service.",
      simulation = { allowed = false, scope = "any", text = "Simulation is not allowed for any evidence within this Unit." }, -- ER 1
      rwe = { allowed = false, text = "Evidence collected in a realistic working environment or a work placement is not permissible for this Unit." }, -- ER 1
      outcomes = {
        {
          number = "1", -- line 531
          title = "Be able to scope the customer service processes to be reviewed",
          criteria = {
            { number = "1.1", text = "define the boundaries of a customer service process" },
            { number = "1.2", text = "agree with the appropriate people the boundaries of the customer service process to be reviewed" },
            { number = "1.3", text = "set parameters for the types of change that might be made during the re-engineering" },
            { number = "1.4", text = "communicate with everybody involved regarding the aims of the review" },
          },
        },
        {
          number = "2", -- line 540
          title = "Be able to analyse the customer service process and identify improvement opportunities",
          criteria = {
            { number = "2.1", text = "identify all the key steps in the customer service process" },
            { number = "2.2", text = "analyse each step in the customer service process in fine detail" },
            { number = "2.3", text = "assess each step in the customer service process with reference to customer satisfaction, costs and compliance with relevant regulation" },
            { number = "2.4", text = "raise questions about each step in the current process to establish where there is scope for development and improvement" },
            { number = "2.5", text = "explore all the questions raised with those involved in the process and their managers" },
            { number = "2.6", text = "identify options for re-engineering improvements that deserve further investigation" },
          },
        },
        {
          number = "3", -- line 551
          title = "Be able to evaluate improvement options and re-engineer service processes",
          criteria = {
            { number = "3.1", text = "evaluate each option for re-engineering improvements that deserve further investigation" },
            { number = "3.2", text = "make and agree recommendations regarding each option that has been evaluated for re-engineering the customer service process" },
            { number = "3.3", text = "plan the implementation of agreed recommendations for re-engineering the customer service process" },
            { number = "3.4", text = "implement re-engineering of the customer service process" },
            { number = "3.5", text = "monitor the results of implementing re-engineering of the customer service process" },
          },
        },
        {
          number = "4", -- line 561
          title = "Understand how to review and re-engineer customer service processes",
          criteria = {
            { number = "4.1", text = "explain ways to establish boundaries around a customer service process to be re-engineered" },
            { number = "4.2", text = "describe who needs to be involved in the re-engineering process to ensure that the recommendations can be seen through" },
            { number = "4.3", text = "explain the importance of communicating with those involved in service delivery when re-engineering the process" },
            { number = "4.4", text = "review ways to analyse and assess the effectiveness of separate steps in the customer service process" },
            { number = "4.5", text = "explain the importance of identifying the right questions to challenge existing customer service processes appropriately" },
            { number = "4.6", text = "describe techniques for implementing changes in customer service processes" },
            { number = "4.7", text = "explain the importance of monitoring the effects of customer service process changes" },
          },
        },
      },
      evidence_requirements = {
        { -- line 577
          number = "1",
          text = "Your evidence should be collected when carrying out a real job, whether paid or voluntary, and when dealing with real customers, whether internal or external to the organisation. Evidence collected in a realistic working environment or a work placement is not permissible for this Unit. Simulation is not allowed for any evidence within this Unit.",
        },
        { -- line 578
          number = "2",
          text = "You may collect the evidence for the Unit through work in a private sector organisation, a not-for-profit organisation or a public services organisation.",
        },
        { -- line 579
          number = "3",
          text = "You must provide evidence that shows you have done this over a sufficient period of time for your assessor to be confident that you are competent.",
        },
        { -- line 580; rule: "one or more of the following:"
          number = "4",
          text = "The 'appropriate people' with who you agree the boundaries of the customer service process to be reviewed must include one or more of the following:",
          items = {
            { letter = "a", text = "people in other departments or sections of the organisation" },
            { letter = "b", text = "internal customers" },
            { letter = "c", text = "external customers" },
            { letter = "d", text = "internal suppliers" },
            { letter = "e", text = "service partners" },
            { letter = "f", text = "service delivery colleagues" },
            { letter = "g", text = "line managers." },
          },
          rule = { min = 1 },
        },
        { -- line 588; "may be formal or informal": allowed forms (a choice), no lettered items, so no `rule`
          number = "5",
          text = "Your plan for implementing agreed recommendations may be formal or informal.",
        },
      },
      assessment = "This unit will be assessed by portfolio of evidence, as specified in the Institute of Customer Service (ICS) Customer Service Assessment Strategy 2010.",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Unit 415, lines 490-588; list of imported units table, line 71",
      notes = {
        "id and reference are the UAN printed in the list table and the unit introduction.",
        "GLH conflict: the list table gives 47 (line 71) but the unit introduction says \"It is recommended that 73 hours should be allocated for this unit\" (line 513). The two are contradictory, so glh = \"unknown\". (For comparison, unit 414 has 73 in both the list table, line 70, and its introduction, line 416; units 414 and 415 both carry credit value 11.)",
        "Level 4, credit 11 and UAN R/601/1601 agree between the list table (line 71) and the unit introduction (lines 494-496).",
        "The introduction says \"four\" learning outcomes (line 504); four are listed and four are given with criteria.",
        "The unit aim restricts use: \"Do not use this unit if the learner does not hold that responsibility and does not have the support of those with authority to make changes.\" (line 500).",
        "Simulation: ER 1 says \"Simulation is not allowed for any evidence within this Unit.\" (line 577) - scope any.",
        "Evidence requirement 4 reads \"The 'appropriate people' with who you agree ...\" (\"who\", straight single quotes): kept verbatim; \"one or more of the following\" gives rule min = 1. It expands criterion 1.2 (\"agree with the appropriate people ...\").",
        "Evidence requirement 5 (\"may be formal or informal\") has no lettered items, so no rule.",
        "The nos and support fields are not in docs/catalogue.md's unit table; they hold the unit's \"Details of the relationship between the unit and relevant national occupational standards\" and \"Support of the unit by a sector or other appropriate body\" texts verbatim.",
      },
    },
    -- Unit 416 Develop, maintain and review personal networks (seed lines 590-650)
    {
      id = "R/600/9587",
      number = "416",
      title = "Develop, maintain and review personal networks",
      reference = { scheme = "UAN", value = "R/600/9587" },
      level = 4,
      credit = 4,
      glh = 25,
      aim = "This unit is about developing your personal networks to support both your current and future work.",
      nos = "This unit is linked to Council for Administration Management NOS: M&LA3 Develop your personal networks.",
      support = "This unit is endorsed by the Council for Administration, the standard setting organisation for business skills.",
      simulation = { allowed = "unknown", text = "unknown" }, -- the unit says nothing about simulation
      rwe = { allowed = "unknown", text = "unknown" }, -- the unit says nothing about a realistic working environment
      outcomes = {
        {
          number = "1", -- line 630
          title = "Understand the benefits of networking and the need for data privacy",
          criteria = {
            { number = "1.1", text = "Evaluate the benefits of networking with individuals and organisations." },
            { number = "1.2", text = "Identify individuals and organisations that would provide benefits to own organisation and networks." },
            { number = "1.3", text = "Explain the need for confidentiality with networking contacts." },
          },
        },
        {
          number = "2", -- line 638
          title = "Be able to develop a personal network of contacts",
          criteria = {
            { number = "2.1", text = "Develop networks that will provide personal and organisational benefit." },
            { number = "2.2", text = "Develop guidelines for working with networks in line with organisational procedures" },
          },
        },
        {
          number = "3", -- line 645
          title = "Be able to review networking relationships",
          criteria = {
            { number = "3.1", text = "Assess the value own current personal network." },
            { number = "3.2", text = "Evaluate own experience with existing contacts and use these to inform future actions" },
          },
        },
      },
      evidence_requirements = {}, -- no "Evidence requirements" section is printed for this unit
      assessment = "For those assessment criteria which are performance related the most likely form of evidence is assessor observation.",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Unit 416, lines 590-650; list of imported units table, line 72",
      notes = {
        "id and reference are the UAN printed in the list table and the unit introduction.",
        "Level 4, credit 4, UAN R/600/9587 and GLH 25 agree between the list table (line 72) and the unit introduction (lines 594-596, 612).",
        "The introduction says \"three\" learning outcomes (line 604); three are listed and three are given with criteria.",
        "Criterion 3.1 reads \"Assess the value own current personal network.\" (garbled, a word such as \"of\" missing): kept verbatim.",
        "Criteria 2.2 and 3.2 have no closing full stop while 1.1-1.3, 2.1 and 3.1 do: kept as printed.",
        "Outcome 1's title speaks of \"data privacy\"; its criterion 1.3 speaks of \"confidentiality\". The aim is in the second person (\"your personal networks\"), the criteria in the third (\"own organisation\").",
        "The nos field holds the unit's NOS text (line 616), which names M&LA3 of the Council for Administration Management NOS; it is not a field in docs/catalogue.md.",
        "The seed prints no \"Evidence requirements\" section for this unit: evidence_requirements is an empty list (none printed), and simulation and rwe are \"unknown\" because the unit says nothing about simulation or a realistic working environment.",
        "The support field is not in docs/catalogue.md's unit table; it holds the unit's \"Support of the unit by a sector or other appropriate body\" text verbatim.",
      },
    },
    -- Unit 417 Prepare for and support quality audits (seed lines 652-716)
    {
      id = "Y/600/9798",
      number = "417",
      title = "Prepare for and support quality audits",
      reference = { scheme = "UAN", value = "Y/600/9798" },
      level = 4,
      credit = 4,
      glh = 20,
      aim = "This unit aims to provide the skills and knowledge required to prepare for and support quality audits.",
      support = "This unit is endorsed by the Council for Administration, the standard setting organisation for business skills.",
      simulation = { allowed = "unknown", text = "unknown" }, -- the unit says nothing about simulation
      rwe = { allowed = "unknown", text = "unknown" }, -- the unit says nothing about a realistic working environment
      outcomes = {
        {
          number = "1", -- line 686
          title = "Understand the quality standards and procedures that apply to own area of responsibility",
          criteria = {
            { number = "1.1", text = "Describe the quality standards and procedures that apply to own area of responsibility." },
          },
        },
        {
          number = "2", -- line 692
          title = "Be able to monitor work in own area of responsibility against quality standards and procedures",
          criteria = {
            { number = "2.1", text = "Select and apply methods for monitoring work." },
          },
        },
        {
          number = "3", -- line 698
          title = "Be able to prepare for a quality audit in own area of responsibility",
          criteria = {
            { number = "3.1", text = "Prepare and organise records and documentation for the quality auditor." },
            { number = "3.2", text = "Review previous quality audits and ensure agreed recommendations have been implemented." },
          },
        },
        {
          number = "4", -- line 705
          title = "Be able to discuss quality audit findings with the auditor",
          criteria = {
            { number = "4.1", text = "Discuss with the auditor the results of the audit and identify any areas for improvement." },
            { number = "4.2", text = "Agree corrective actions to remedy any identified issues, and set a date for their implementation." },
          },
        },
        {
          number = "5", -- line 712
          title = "Be able to complete agreed actions following a quality audit",
          criteria = {
            { number = "5.1", text = "Take corrective action based on quality audit findings." },
          },
        },
      },
      evidence_requirements = {}, -- no "Evidence requirements" section is printed for this unit
      assessment = "For those assessment criteria which are performance related the most likely form of evidence is assessor observation.",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Unit 417, lines 652-716; list of imported units table, line 73",
      notes = {
        "id and reference are the UAN printed in the list table and the unit introduction.",
        "No \"Unit 417\" heading precedes the unit's Level/Credit value/UAN block (seed lines 652-654): the block follows unit 416's last criterion (line 650) directly, so the unit start is easy to miss. It is identified as unit 417 by its UAN Y/600/9798 (list table, line 73) and by the heading \"Unit 417 Prepare for and support quality audits\" at line 682; the title is taken from the list table and line 682.",
        "Level 4, credit 4, UAN Y/600/9798 and GLH 20 agree between the list table (line 73) and the unit introduction (lines 652-654, 672).",
        "The introduction says \"five\" learning outcomes (line 662); five are listed and five are given with criteria.",
        "No \"Details of the relationship between the unit and relevant national occupational standards\" section is printed for this unit: no nos field.",
        "The seed prints no \"Evidence requirements\" section for this unit: evidence_requirements is an empty list (none printed), and simulation and rwe are \"unknown\" because the unit says nothing about simulation or a realistic working environment.",
        "The support field is not in docs/catalogue.md's unit table; it holds the unit's \"Support of the unit by a sector or other appropriate body\" text verbatim.",
      },
    },
    -- Unit 418 Analyse the market in which your organisation operates (seed lines 718-777)
    {
      id = "M/600/9791",
      number = "418",
      title = "Analyse the market in which your organisation operates",
      reference = { scheme = "UAN", value = "M/600/9791" },
      level = 4,
      credit = 5,
      glh = 25,
      aim = "This unit aims to provide the skills and knowledge required to analyse the market in which the learner's organisation operates.",
      support = "This unit is endorsed by the Council for Administration, the standard setting organisation for business skills.",
      simulation = { allowed = "unknown", text = "unknown" }, -- the unit says nothing about simulation
      rwe = { allowed = "unknown", text = "unknown" }, -- the unit says nothing about a realistic working environment
      outcomes = {
        {
          number = "1", -- line 754
          title = "Be able to analyse customers' needs",
          criteria = {
            { number = "1.1", text = "Assess the economic environment in which your organisation operates." },
            { number = "1.2", text = "Evaluate your customers' needs and relate to own organisation." },
            { number = "1.3", text = "Analyse customer perception of own products/ services in comparison to competitors" },
          },
        },
        {
          number = "2", -- line 762
          title = "Be able to analyse the market using research tools and techniques",
          criteria = {
            { number = "2.1", text = "Analyse current and future macro and micro economic trends in own sector." },
            { number = "2.2", text = "Use recognised research tools to assess market trends and opportunities for growth." },
          },
        },
        {
          number = "3", -- line 769
          title = "Be able to communicate research findings to inform managerial decisions",
          criteria = {
            { number = "3.1", text = "Produce a report based on research findings." },
            { number = "3.2", text = "Communicate the report to key individuals within own organisation." },
            { number = "3.3", text = "Evaluate feedback from key individuals." },
            { number = "3.4", text = "Revise and communicate updated report to key individuals." },
            { number = "3.5", text = "Monitor the economic environment and changes in customers' needs." },
          },
        },
      },
      evidence_requirements = {}, -- no "Evidence requirements" section is printed for this unit
      assessment = "For those assessment criteria which are performance related the most likely form of evidence is assessor observation.",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Unit 418, lines 718-777; list of imported units table, line 74",
      notes = {
        "id and reference are the UAN printed in the list table and the unit introduction.",
        "Level 4, credit 5, UAN M/600/9791 and GLH 25 agree between the list table (line 74) and the unit introduction (lines 722-724, 740).",
        "The introduction says \"three\" learning outcomes (line 732); three are listed and three are given with criteria.",
        "Criterion 1.3 has no closing full stop and prints \"products/ services\" with a space after the slash (line 760): kept verbatim. All other criteria end with a full stop.",
        "The title and criteria 1.1-1.2 say \"your organisation\"/\"your customers'\", the other criteria \"own organisation\": kept verbatim.",
        "No \"Details of the relationship between the unit and relevant national occupational standards\" section is printed for this unit: no nos field.",
        "The seed prints no \"Evidence requirements\" section for this unit: evidence_requirements is an empty list (none printed), and simulation and rwe are \"unknown\" because the unit says nothing about simulation or a realistic working environment.",
        "The support field is not in docs/catalogue.md's unit table; it holds the unit's \"Support of the unit by a sector or other appropriate body\" text verbatim.",
      },
    },
    -- Unit 509 Develop and evaluate operational plans for own area of responsibility (seed lines 779-835)
    {
      id = "Y/600/9588",
      number = "509",
      title = "Develop and evaluate operational plans for own area of responsibility",
      reference = { scheme = "UAN", value = "Y/600/9588" },
      level = 5,
      credit = 6,
      glh = 25,
      aim = "This unit aims to provide the skills and knowledge required to develop and evaluate operational plans for the learners own area of responsibility.",
      support = "This unit is endorsed by the Council for Administration, the standard setting organisation for business skills.",
      simulation = { allowed = "unknown", text = "unknown" }, -- the unit says nothing about simulation
      rwe = { allowed = "unknown", text = "unknown" }, -- the unit says nothing about a realistic working environment
      outcomes = {
        {
          number = "1", -- line 815
          title = "Be able to align objectives of own area of responsibility with those of own organisation",
          criteria = {
            { number = "1.1", text = "Identify operational objectives within own area of responsibility." },
            { number = "1.2", text = "Analyse objectives of own area of responsibility in relation to those of own organisation." },
          },
        },
        {
          number = "2", -- line 822
          title = "Be able to implement operational plans in own area of responsibility",
          criteria = {
            { number = "2.1", text = "Assess risks associated with operational plans and include contingency arrangements." },
            { number = "2.2", text = "Identify support from relevant stakeholders." },
            { number = "2.3", text = "Implement operational plan within own area of responsibility." },
          },
        },
        {
          number = "3", -- line 830
          title = "Be able to monitor and evaluate operational plans in own area of responsibility",
          criteria = {
            { number = "3.1", text = "Monitor procedures within the operational plan." },
            { number = "3.2", text = "Evaluate operational plans and implement any necessary actions." },
          },
        },
      },
      evidence_requirements = {}, -- no "Evidence requirements" section is printed for this unit
      assessment = "For those assessment criteria which are performance related the most likely form of evidence is assessor observation.",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Unit 509, lines 779-835; list of imported units table, line 75",
      notes = {
        "id and reference are the UAN printed in the list table and the unit introduction.",
        "Level 5 unit: it is ticked only for the Level 4 Diploma (3412-05, seed line 75), so a Level 5 unit sits inside a Level 4 qualification.",
        "Level 5, credit 6, UAN Y/600/9588 and GLH 25 agree between the list table (line 75) and the unit introduction (lines 783-785, 801).",
        "The introduction says \"three\" learning outcomes (line 793); three are listed and three are given with criteria.",
        "The aim says \"the learners own area of responsibility\" (no apostrophe, line 789): kept verbatim.",
        "No \"Details of the relationship between the unit and relevant national occupational standards\" section is printed for this unit: no nos field.",
        "The seed prints no \"Evidence requirements\" section for this unit: evidence_requirements is an empty list (none printed), and simulation and rwe are \"unknown\" because the unit says nothing about simulation or a realistic working environment.",
        "The support field is not in docs/catalogue.md's unit table; it holds the unit's \"Support of the unit by a sector or other appropriate body\" text verbatim.",
      },
    },
    -- Unit 510 Promote equality of opportunity, diversity and inclusion across an organisation (seed lines 837-904)
    {
      id = "T/600/9632",
      number = "510",
      title = "Promote equality of opportunity, diversity and inclusion across an organisation",
      reference = { scheme = "UAN", value = "T/600/9632" },
      level = 5,
      credit = 6,
      glh = 30,
      aim = "This unit aims to provide the skills and knowledge required to promote equality, diversity and inclusion across an organisation.",
      support = "This unit is endorsed by the Council for Administration, the standard setting organisation for business skills.",
      simulation = { allowed = "unknown", text = "unknown" }, -- the unit says nothing about simulation
      rwe = { allowed = "unknown", text = "unknown" }, -- the unit says nothing about a realistic working environment
      outcomes = {
        {
          number = "1", -- line 875
          title = "Be able to understand the benefits of an inclusive and diverse workforce",
          criteria = {
            { number = "1.1", text = "Examine the benefits of an inclusive and diverse workforce." },
          },
        },
        {
          number = "2", -- line 881
          title = "Be able to understand organisation's responsibilities under equality legislation and relevant codes of practice",
          criteria = {
            { number = "2.1", text = "Explain how legislation, equality, diversity, inclusion and relevant codes of practice apply to own organisation." },
          },
        },
        {
          number = "3", -- line 887
          title = "Be able to benchmark equality, diversity and inclusion",
          criteria = {
            { number = "3.1", text = "Explain how to benchmark to equality, diversity and inclusion in own organisation." },
          },
        },
        {
          number = "4", -- line 893
          title = "Be able to communicate equality, diversity and inclusion policy and procedures",
          criteria = {
            { number = "4.1", text = "Communicate written equality, diversity and inclusion policy and procedures all relevant stakeholders." },
          },
        },
        {
          number = "5", -- line 899
          title = "Be able to review effectiveness of equality, diversity and inclusion issues",
          criteria = {
            { number = "5.1", text = "Analyse effectiveness of policy and procedures for equality, diversity and inclusion issues." },
            { number = "5.2", text = "Implement any change to the policy and procedures" },
          },
        },
      },
      evidence_requirements = {}, -- no "Evidence requirements" section is printed for this unit
      assessment = "For those assessment criteria which are performance related the most likely form of evidence is assessor observation.",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Unit 510, lines 837-904; list of imported units table, line 78",
      notes = {
        "id and reference are the UAN printed in the list table and the unit introduction.",
        "Level 5 unit: it is ticked only for the Level 4 Diploma (3412-05, seed line 78), so a Level 5 unit sits inside a Level 4 qualification.",
        "Outcome count mismatch: the introduction says \"There are four learning outcomes to this unit\" (line 851) but lists five (lines 853-857), and five outcomes with criteria follow (lines 875-903). All five are transcribed.",
        "Level 5, credit 6, UAN T/600/9632 and GLH 30 agree between the list table (line 78) and the unit introduction (lines 841-843, 861).",
        "Criterion 3.1 reads \"Explain how to benchmark to equality, diversity and inclusion ...\" and 4.1 \"... policy and procedures all relevant stakeholders.\" (a word such as \"to\" missing): kept verbatim.",
        "Criterion 5.2 has no closing full stop (line 904) while the others do: kept as printed.",
        "Outcomes 1 and 2 are worded \"Be able to understand ...\": kept verbatim.",
        "No \"Details of the relationship between the unit and relevant national occupational standards\" section is printed for this unit: no nos field.",
        "The seed prints no \"Evidence requirements\" section for this unit: evidence_requirements is an empty list (none printed), and simulation and rwe are \"unknown\" because the unit says nothing about simulation or a realistic working environment.",
        "The support field is not in docs/catalogue.md's unit table; it holds the unit's \"Support of the unit by a sector or other appropriate body\" text verbatim.",
      },
    },
    -- Unit 511 Developing collaborative relationships with other organisations (seed lines 906-982)
    {
      id = "T/600/9694",
      number = "511",
      title = "Developing collaborative relationships with other organisations",
      reference = { scheme = "UAN", value = "T/600/9694" },
      level = 5,
      credit = 7,
      glh = 30,
      aim = "This unit aims to provide the skills and knowledge required to develop collaborative relationships with other organisations",
      support = "This unit is endorsed by the Council for Administration, the standard setting organisation for business skills.",
      simulation = { allowed = "unknown", text = "unknown" }, -- the unit says nothing about simulation
      rwe = { allowed = "unknown", text = "unknown" }, -- the unit says nothing about a realistic working environment
      outcomes = {
        {
          number = "1", -- line 944
          title = "Be able to identify potential collaborative opportunities with other organisations",
          criteria = {
            { number = "1.1", text = "Identify organisations that share common or complementary objectives to own organisation." },
            { number = "1.2", text = "Evaluate the feasibility of collaboration with identified organisations." },
            { number = "1.3", text = "Evaluate the potential benefits of collaboration." },
            { number = "1.4", text = "Develop a business case for collaboration with identified organisations." },
          },
        },
        {
          number = "2", -- line 953
          title = "Be able to agree the strategic aims and objectives of collaboration",
          criteria = {
            { number = "2.1", text = "Agree the strategic aims and objectives of collaboration internally and with other organisations." },
            { number = "2.2", text = "Agree the benefits each organisation expects to receive from collaboration." },
          },
        },
        {
          number = "3", -- line 960
          title = "Be able to agree methods and expected outcomes of collaboration",
          criteria = {
            { number = "3.1", text = "Agree the actions each organisation will take and when." },
            { number = "3.2", text = "Agree the expected outcomes of collaboration." },
            { number = "3.3", text = "Agree arrangements for communication." },
            { number = "3.4", text = "Agree process of collaboration review." },
          },
        },
        {
          number = "4", -- line 969
          title = "Be able to instigate and sustain a collaborative relationship with another organisation",
          criteria = {
            { number = "4.1", text = "Implement agreed actions at agreed times." },
            { number = "4.2", text = "Maintain communication and provide support to other organisations." },
          },
        },
        {
          number = "5", -- line 976
          title = "Be able to review and evaluate the collaboration with another organisation",
          criteria = {
            { number = "5.1", text = "Review and evaluate the extent to which the aims and objectives of collaboration have been achieved." },
            { number = "5.2", text = "Make a decision on whether to continue with the collaboration in the future." },
            { number = "5.3", text = "Determine any changes to be made to the collaboration if it were to continue." },
          },
        },
      },
      evidence_requirements = {}, -- no "Evidence requirements" section is printed for this unit
      assessment = "For those assessment criteria which are performance related the most likely form of evidence is assessor observation.",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Unit 511, lines 906-982; list of imported units table, line 79",
      notes = {
        "id and reference are the UAN printed in the list table and the unit introduction.",
        "Level 5 unit: it is ticked only for the Level 4 Diploma (3412-05, seed line 79), so a Level 5 unit sits inside a Level 4 qualification.",
        "Level 5, credit 7, UAN T/600/9694 and GLH 30 agree between the list table (line 79) and the unit introduction (lines 910-912, 930).",
        "The introduction says \"five\" learning outcomes (line 920); five are listed and five are given with criteria.",
        "The aim has no closing full stop (line 916): kept as printed.",
        "No \"Details of the relationship between the unit and relevant national occupational standards\" section is printed for this unit: no nos field.",
        "The seed prints no \"Evidence requirements\" section for this unit: evidence_requirements is an empty list (none printed), and simulation and rwe are \"unknown\" because the unit says nothing about simulation or a realistic working environment.",
        "The support field is not in docs/catalogue.md's unit table; it holds the unit's \"Support of the unit by a sector or other appropriate body\" text verbatim.",
      },
    },
    -- Unit 512 Examine staff turnover issues in own area of responsibility (seed lines 984-1039)
    {
      id = "A/600/9664",
      number = "512",
      title = "Examine staff turnover issues in own area of responsibility",
      reference = { scheme = "UAN", value = "A/600/9664" },
      level = 5,
      credit = 4,
      glh = 25,
      aim = "This unit aims to provide the skills and knowledge required to examine staff turnover issues in the learners own area of responsibility.",
      support = "This unit is endorsed by the Council for Administration, the standard setting organisation for business skills.",
      simulation = { allowed = "unknown", text = "unknown" }, -- the unit says nothing about simulation
      rwe = { allowed = "unknown", text = "unknown" }, -- the unit says nothing about a realistic working environment
      outcomes = {
        {
          number = "1", -- line 1020
          title = "Be able to examine the reasons for, and impact of, staff turnover whilst maintaining confidentiality in own area of responsibility",
          criteria = {
            { number = "1.1", text = "Identify information about staff turnover." },
            { number = "1.2", text = "Examine the reasons for staff turnover in own area of responsibility." },
            { number = "1.3", text = "Analyse the impact of staff turnover on business objectives in own area of responsibility maintaining confidentiality." },
          },
        },
        {
          number = "2", -- line 1028
          title = "Be able to compare staff turnover rates across organisations",
          criteria = {
            { number = "2.1", text = "Examine staff turnover rate with similar organisations." },
            { number = "2.2", text = "Assess staff turnover in own organisation against other organisations." },
          },
        },
        {
          number = "3", -- line 1035
          title = "Understand how to turn unexpected staffing turnover into opportunities rather than threats",
          criteria = {
            { number = "3.1", text = "Analyse unexpected staffing turnover and use research tools or techniques as appropriate." },
          },
        },
      },
      evidence_requirements = {}, -- no "Evidence requirements" section is printed for this unit
      assessment = "For those assessment criteria which are performance related the most likely form of evidence is assessor observation.",
      source = "seeds/001_d0da2d14e6e4dd64.txt (City & Guilds 3412 NVQ in Contact Centre Operations, Levels 4 and 5 imported unit pack, September 2014 Version 1.1): Unit 512, lines 984-1039; list of imported units table, line 80",
      notes = {
        "id and reference are the UAN printed in the list table and the unit introduction.",
        "Level 5 unit: it is ticked only for the Level 4 Diploma (3412-05, seed line 80), so a Level 5 unit sits inside a Level 4 qualification.",
        "The document's change log (line 30) says version 1.1 (Sep 14) \"Amended details of unit 512\" (Introduction pages 37-38) without saying what changed; this transcription is of version 1.1 as printed.",
        "Level 5, credit 4, UAN A/600/9664 and GLH 25 agree between the list table (line 80) and the unit introduction (lines 988-990, 1006).",
        "The introduction says \"three\" learning outcomes (line 998); three are listed and three are given with criteria.",
        "The aim says \"the learners own area of responsibility\" (no apostrophe, line 994): kept verbatim.",
        "Outcome 3 and criterion 3.1 say \"staffing turnover\", the rest of the unit \"staff turnover\": kept verbatim.",
        "No \"Details of the relationship between the unit and relevant national occupational standards\" section is printed for this unit: no nos field.",
        "The seed prints no \"Evidence requirements\" section for this unit: evidence_requirements is an empty list (none printed), and simulation and rwe are \"unknown\" because the unit says nothing about simulation or a realistic working environment.",
        "The support field is not in docs/catalogue.md's unit table; it holds the unit's \"Support of the unit by a sector or other appropriate body\" text verbatim.",
      },
    },
  },
}
