import json
D="fenglin-2026-18-yiti-diaoyan.txt"
Q=[
{"q":"咱县政协新出的那个议题调研规程，文号是多少？我填材料要用","doc":D,"clause":"header","facts":["枫政协办发〔2026〕18号"],"kind":"document"},
{"q":"调研工作规程是县政协办公室一家发的，还是跟哪个部门联合发的？","doc":D,"clause":"header","facts":["政协枫林县委员会办公室 枫林县人民政府办公室"],"kind":"document"},
{"q":"2023年那个调研暂行办法现在还能参照不？","doc":D,"clause":"header","facts":["枫政协办发〔2023〕7号）同时废止"],"kind":"document"},
{"q":"When was the Fenglin consultation-topic research procedure (No. 18 of 2026) issued?","doc":D,"clause":"header","facts":["2026年3月12日"],"kind":"document"},
{"q":"县里这个调研规程是哪天起正式开始执行的？","doc":D,"clause":"第二十四条","facts":["自2026年4月1日起施行"],"kind":"time"},
{"q":"县委把议题定了以后，我们专委会要在几天之内把调研方案弄出来？","doc":D,"clause":"第九条","facts":["10个工作日内制定调研方案"],"kind":"time"},
{"q":"调研时间不够用，能往后延吗？谁批、最多延多久","doc":D,"clause":"第十条","facts":["经县政协分管副主席同意","可以延期一次，延长时间不超过15天"],"kind":"condition"},
{"q":"一个议题的调研组大概配几个人合适？","doc":D,"clause":"第六条","facts":["一般由5至9人组成"],"kind":"count"},
{"q":"调研组里头委员得占多大比例，能不能大部分都是部门的人？","doc":D,"clause":"第六条","facts":["政协委员不少于调研组总人数的二分之一"],"kind":"share"},
{"q":"调研组长一般谁当？要是议题牵扯好几个领域呢","doc":D,"clause":"第六条","facts":["专门委员会主任或者副主任担任","县政协分管副主席担任组长"],"kind":"who"},
{"q":"下去实地看，一个议题最少要跑几个地方？有没有点位上的要求","doc":D,"clause":"第十一条","facts":["项目点不少于3个","至少1个为群众反映问题较为集中的点位"],"kind":"count"},
{"q":"开坐谈会请老百姓来，老百姓要占到多少才行？","doc":D,"clause":"第十二条","facts":["群众代表人数不少于参会人数的三分之一"],"kind":"share"},
]
json.dump(Q,open("/work/data/qa_eval7/a/src/batch1.json","w",encoding="utf-8"),ensure_ascii=False,indent=1)
