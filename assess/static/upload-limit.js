// Before a form with file inputs is sent, refuse files over the limit here, so the server's
// "too large" answer never throws away answers typed since the last save.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute("data-upload-form")) return;
  var inputs = form.querySelectorAll("input[type=file][data-max-bytes]");
  for (var i = 0; i < inputs.length; i++) {
    var max = Number(inputs[i].getAttribute("data-max-bytes"));
    for (var j = 0; j < inputs[i].files.length; j++) {
      var file = inputs[i].files[j];
      if (file.size > max) {
        event.preventDefault();
        alert("「" + file.name + "」は大きすぎます（上限 " + Math.round(max / 1048576) +
              "MB）。ファイルを小さくするか、選び直してください。入力した回答はまだ送信されていません。");
        inputs[i].focus();
        return;
      }
    }
  }
});
