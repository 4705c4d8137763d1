Component({
  externalClasses: ['custom-class'],
})
