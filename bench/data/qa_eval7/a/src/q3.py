import json
D="deyang-2021-19-youshilaixieshang.txt"
Q=[
{"q":"德阳市里推协商平台那个实施意见，是哪年几月几号印发的？","doc":D,"clause":"header","facts":["2021年7月16日"],"kind":"document"},
{"q":"德阳那份意见落款是哪几家单位？","doc":D,"clause":"header","facts":["中共德阳市委办公室","德阳市人民政府办公室","政协德阳市委办公室"],"kind":"who"},
{"q":"按市里的意见，县一级政协通过这个平台一年最少得组织几回协商？","doc":D,"clause":"三、（八）","facts":["每年不少于4次"],"kind":"count"},
{"q":"村里社区一年要开几次协商会，上面有没有定死数？","doc":D,"clause":"三、（八）","facts":["由各地根据实际情况确定"],"kind":"count"},
{"q":"德阳意见里协商的题目一般是从哪些渠道来的？","doc":D,"clause":"三、（四）","facts":["通过党政交题、委员荐","题、各方征题、政协选题等形式"],"kind":"how"},
{"q":"市里文件说协商题目最后由谁审一下才能定？","doc":D,"clause":"三、（四）","also":["四、（一）"],"facts":["一般经同级党组织审定后"],"kind":"who"},
{"q":"市里的意见对协商前要不要先下去调研是咋说的？","doc":D,"clause":"三、（五）","facts":["不调研不协商","切实把调研作为协商前置条件"],"kind":"condition"},
{"q":"搞协商议事室是不是要专门新建一个房子？德阳文件怎么要求的","doc":D,"clause":"三、（三）","facts":["在不增加基层负担的基础上","坚持“一室多用”"],"kind":"what"},
{"q":"整个平台建设出了问题找谁，哪个是牵头负总责的？","doc":D,"clause":"四、（一）","facts":["区（市、县）政协党组作为“有事来协商”平台建设的责任主体"],"kind":"who"},
{"q":"协商时有群众就是不同意，市里意见说该怎么对待这些人","doc":D,"clause":"三、（七）","facts":["对协商过程中持不同意见的群众，要及时做好解释说明工作"],"kind":"how"},
{"q":"In the Deyang opinion, what is the platform's core job supposed to be?","doc":D,"clause":"三、（二）","facts":["主责主业是协商议事、凝聚共识"],"kind":"what"},
]
json.dump(Q,open("/work/data/qa_eval7/a/src/batch3.json","w",encoding="utf-8"),ensure_ascii=False,indent=1)
